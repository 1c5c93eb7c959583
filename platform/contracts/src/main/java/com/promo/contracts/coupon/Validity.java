package com.promo.contracts.coupon;

import java.time.Duration;
import java.time.Instant;

/**
 * When a claimed coupon can be used: a FIXED window ({@code startTime}-{@code endTime}), or
 * FLOATING ({@code days} from the claim).
 */
public record Validity(Type type, Instant startTime, Instant endTime, Integer days) {

	public enum Type {

		FIXED, FLOATING

	}

	public static Validity fixed(Instant startTime, Instant endTime) {
		return new Validity(Type.FIXED, startTime, endTime, null);
	}

	public static Validity floating(int days) {
		return new Validity(Type.FLOATING, null, null, days);
	}

	/** True when a FIXED window has closed: nothing claimed from it could be used any more. */
	public boolean isOverAt(Instant now) {
		return this.type == Type.FIXED && !now.isBefore(this.endTime);
	}

	/** The window of a coupon claimed at {@code claimedAt}: {from, until}. */
	public Instant[] windowFor(Instant claimedAt) {
		if (this.type == Type.FIXED) {
			return new Instant[] { this.startTime, this.endTime };
		}
		return new Instant[] { claimedAt, claimedAt.plus(Duration.ofDays(this.days)) };
	}

}
