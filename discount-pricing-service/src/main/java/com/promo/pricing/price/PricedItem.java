package com.promo.pricing.price;

import java.time.Instant;
import java.util.List;

import com.promo.contracts.item.PriceUnit;

/**
 * An item with everything pricing needs of it, as the near cache holds it: list price, seller,
 * deposit and all its fan prices (active or not: the clock picks the active ones at each read,
 * so time never makes a cached entry stale, only changes do, and their events evict it).
 */
public record PricedItem(long itemId, long sellerId, long listPrice, PriceUnit priceUnit, long deposit,
		List<FanPriceRule> rules) {

	public PricedItem {
		rules = List.copyOf(rules);
	}

	/** The crowds whose membership could lower this item's price now. */
	public List<String> candidateCrowds(Instant now) {
		return this.rules.stream().filter(r -> r.activeAt(now)).map(FanPriceRule::crowdId).toList();
	}

}
