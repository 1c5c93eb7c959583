package com.promo.pricing.item;

import java.time.Instant;
import java.util.UUID;

import com.promo.contracts.item.ItemChanged;
import com.promo.contracts.item.ItemSnapshot;

/**
 * An item and its seller, the merchant who registered it first. {@code version} counts changes of
 * the item itself, {@code rulesVersion} changes of its fan prices.
 */
public record Item(long id, long sellerId, ItemContent content, long version, long rulesVersion, Instant updatedAt) {

	static Item register(long id, long sellerId, ItemContent content, Instant now) {
		return new Item(id, sellerId, content, 1, 0, now);
	}

	boolean isSoldBy(long merchantId) {
		return this.sellerId == merchantId;
	}

	Item change(ItemContent newContent, Instant now) {
		return new Item(this.id, this.sellerId, newContent, this.version + 1, this.rulesVersion, now);
	}

	ItemChanged changed(Instant now) {
		return new ItemChanged(UUID.randomUUID().toString(), snapshot(), now);
	}

	ItemSnapshot snapshot() {
		ItemContent c = this.content;
		return new ItemSnapshot(String.valueOf(this.id), String.valueOf(this.sellerId), c.title(), c.cityId(),
				c.listPrice(), c.priceUnit(), c.deposit(), this.version);
	}

}
