package com.promo.claim.flashsale;

import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

/** 429 {@code RATE_LIMITED} with how long to wait ({@code Retry-After}, in seconds). */
class RateLimitedException extends ProblemException {

	private final long retryAfterSeconds;

	RateLimitedException(String detail, long retryAfterSeconds) {
		super(ProblemCode.RATE_LIMITED, detail);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
