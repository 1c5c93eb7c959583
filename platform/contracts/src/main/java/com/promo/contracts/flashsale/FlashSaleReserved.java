package com.promo.contracts.flashsale;

import java.time.Instant;

import com.promo.contracts.EventType;
import com.promo.contracts.PlatformEvent;
import com.promo.contracts.Topic;

/**
 * Redis reserved a unit of a flash sale for a buyer and the buyer was told 201 with this
 * transaction: claim-service's ledger must now record it (RESERVED until {@code payBefore}) or, when
 * its database arbiter overrules a Redis that lost writes in a failover, reject it. Keyed by user
 * id (per-buyer order); the ledger records each transaction id once.
 *
 * @param price the unit price the buyer must pay, in minor units
 */
public record FlashSaleReserved(String eventId, String transactionId, String templateId, String userId, long price,
		Instant reservedAt, Instant payBefore, Instant occurredAt) implements PlatformEvent {

	public static final EventType<FlashSaleReserved> TYPE = EventType.of("FlashSaleReserved", 1,
			Topic.FLASH_SALE_EVENTS, FlashSaleReserved.class);

	@Override
	public String key() {
		return this.userId;
	}

	@Override
	public EventType<FlashSaleReserved> eventType() {
		return TYPE;
	}

}
