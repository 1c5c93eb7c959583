package com.promo.contracts.trade;

import java.time.Instant;

import com.promo.contracts.Topic;

/**
 * A paid or refunded order from the order system on {@link Topic#ORDER_EVENTS}, keyed by user id.
 * Upstream's own format: {@code {eventId, orderId, userId, sellerId, status, amount, occurredAt}};
 * {@code amount} in minor units.
 */
public record OrderEvent(String eventId, String orderId, String userId, String sellerId, Status status, long amount,
		Instant occurredAt) {

	public enum Status {

		PAID, REFUNDED

	}

}
