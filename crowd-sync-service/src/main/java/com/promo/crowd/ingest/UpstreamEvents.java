package com.promo.crowd.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.EventCodec;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.social.FollowEvent;
import com.promo.contracts.trade.OrderEvent;
import com.promo.crowd.Ids;
import com.promo.web.FieldViolation;

/**
 * Reads and checks the upstream events (the social graph's follows, the order system's orders),
 * the same way for the Kafka consumers and the HTTP ingest: ids are strings of digits, a time is
 * required and may not lie in the future beyond a small clock skew.
 */
final class UpstreamEvents {

	private UpstreamEvents() {
	}

	/** The follow event in {@code json}; throws {@link MalformedEventException} when it can never be applied. */
	static FollowEvent follow(byte[] json, Clock clock, Duration maxSkew) {
		FollowEvent event = EventCodec.decode(json, FollowEvent.class);
		rejectIfInvalid(violations(event, "", clock, maxSkew));
		return event;
	}

	static OrderEvent order(byte[] json, Clock clock, Duration maxSkew) {
		OrderEvent event = EventCodec.decode(json, OrderEvent.class);
		rejectIfInvalid(violations(event, "", clock, maxSkew));
		return event;
	}

	static List<FieldViolation> violations(FollowEvent event, String prefix, Clock clock, Duration maxSkew) {
		List<FieldViolation> violations = new ArrayList<>();
		requireText(event.eventId(), prefix + "eventId", violations);
		if (event.type() == null) {
			violations.add(new FieldViolation(prefix + "type", "must be FOLLOW or UNFOLLOW"));
		}
		requireId(event.userId(), prefix + "userId", violations);
		requireId(event.sellerId(), prefix + "sellerId", violations);
		requireTime(event.occurredAt(), prefix + "occurredAt", clock, maxSkew, violations);
		return violations;
	}

	static List<FieldViolation> violations(OrderEvent event, String prefix, Clock clock, Duration maxSkew) {
		List<FieldViolation> violations = new ArrayList<>();
		requireText(event.eventId(), prefix + "eventId", violations);
		requireText(event.orderId(), prefix + "orderId", violations);
		if (event.status() == null) {
			violations.add(new FieldViolation(prefix + "status", "must be PAID or REFUNDED"));
		}
		requireId(event.userId(), prefix + "userId", violations);
		requireId(event.sellerId(), prefix + "sellerId", violations);
		if (event.amount() < 0) {
			violations.add(new FieldViolation(prefix + "amount", "must not be negative"));
		}
		requireTime(event.occurredAt(), prefix + "occurredAt", clock, maxSkew, violations);
		return violations;
	}

	private static void requireText(String value, String field, List<FieldViolation> violations) {
		if (value == null || value.isBlank()) {
			violations.add(new FieldViolation(field, "is required"));
		}
		else if (value.length() > 128) {
			violations.add(new FieldViolation(field, "must be at most 128 characters"));
		}
	}

	private static void requireId(String value, String field, List<FieldViolation> violations) {
		if (Ids.parse(value) == null) {
			violations.add(new FieldViolation(field, "must be a string of 1 to 18 digits"));
		}
	}

	private static void requireTime(Instant value, String field, Clock clock, Duration maxSkew,
			List<FieldViolation> violations) {
		if (value == null) {
			violations.add(new FieldViolation(field, "is required"));
		}
		else if (value.isAfter(clock.instant().plus(maxSkew))) {
			violations.add(new FieldViolation(field, "must not be in the future"));
		}
	}

	private static void rejectIfInvalid(List<FieldViolation> violations) {
		if (!violations.isEmpty()) {
			throw new MalformedEventException("invalid event: " + violations, null);
		}
	}

}
