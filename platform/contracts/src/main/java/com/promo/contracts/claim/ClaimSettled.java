package com.promo.contracts.claim;

import java.time.Instant;

import com.promo.contracts.EventType;
import com.promo.contracts.PlatformEvent;
import com.promo.contracts.Topic;

/**
 * The wallet's final word on a claim: ISSUED with the coupon's id, or REJECTED with the code
 * ({@code SOLD_OUT}, {@code LIMIT_REACHED}) when the database arbiter overruled Redis. Keyed by user
 * id; the same claim always settles the same way, so duplicates are harmless.
 */
public record ClaimSettled(String eventId, String claimId, String templateId, String userId, Outcome outcome,
		String couponId, String code, Instant occurredAt) implements PlatformEvent {

	public enum Outcome {

		ISSUED, REJECTED

	}

	public static final EventType<ClaimSettled> ISSUED = EventType.of("CouponIssued", 1, Topic.COUPON_ISSUED_EVENTS,
			ClaimSettled.class);

	public static final EventType<ClaimSettled> REJECTED = EventType.of("ClaimRejected", 1,
			Topic.COUPON_ISSUED_EVENTS, ClaimSettled.class);

	@Override
	public String key() {
		return this.userId;
	}

	@Override
	public EventType<ClaimSettled> eventType() {
		return this.outcome == Outcome.ISSUED ? ISSUED : REJECTED;
	}

}
