package com.promo.contracts.item;

import java.time.Instant;

import com.promo.contracts.EventType;
import com.promo.contracts.PlatformEvent;
import com.promo.contracts.Topic;

/**
 * An item was registered or changed (discount-pricing-service), keyed by item id. coupon-service
 * keeps each listing's seller from it; consumers keep the highest version.
 */
public record ItemChanged(String eventId, ItemSnapshot item, Instant occurredAt) implements PlatformEvent {

	public static final EventType<ItemChanged> TYPE = EventType.of("ItemChanged", 1, Topic.ITEM_EVENTS, ItemChanged.class);

	@Override
	public String key() {
		return this.item.itemId();
	}

	@Override
	public EventType<ItemChanged> eventType() {
		return TYPE;
	}

}
