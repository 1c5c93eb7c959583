package com.promo.contracts.pricing;

import java.time.Instant;

import com.promo.contracts.EventType;
import com.promo.contracts.PlatformEvent;
import com.promo.contracts.Topic;

/**
 * A fan price of an item was set or removed (discount-pricing-service), on
 * {@code promo.item-events} keyed by item id, beside {@code ItemChanged}. {@code price} is null
 * when the fan price was removed. {@code version} counts the changes of the item's fan prices, so
 * consumers keep the highest one.
 */
public record FanPriceChanged(String eventId, String itemId, String sellerId, CrowdType crowdType, String crowdId,
		Long price, Instant startTime, Instant endTime, long version, Instant occurredAt) implements PlatformEvent {

	public static final EventType<FanPriceChanged> TYPE = EventType.of("FanPriceChanged", 1, Topic.ITEM_EVENTS,
			FanPriceChanged.class);

	@Override
	public String key() {
		return this.itemId;
	}

	@Override
	public EventType<FanPriceChanged> eventType() {
		return TYPE;
	}

}
