package com.promo.ratelimit;

import java.time.Duration;

/** A limiter's answer: allowed, or refused with how long until a retry can pass. */
public record Decision(boolean allowed, Duration retryAfter) {

	static final Decision ALLOWED = new Decision(true, Duration.ZERO);

	/** {@code Retry-After} in whole seconds, at least 1 (HTTP has no finer unit). */
	public long retryAfterSeconds() {
		return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
	}

}
