package com.promo.pricing.price;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.promo.contracts.item.PriceUnit;

/**
 * An item with everything pricing needs of it, as the near cache holds it: list price, seller,
 * deposit and all its fan prices (active or not: the clock picks the active ones at each read,
 * so time never makes a cached entry stale, only changes do, and their events evict it). The rules
 * are kept cheapest first (ties: crowd type order), so a price request never sorts them.
 */
public record PricedItem(long itemId, long sellerId, long listPrice, PriceUnit priceUnit, long deposit,
		List<FanPriceRule> rules) {

	static final Comparator<FanPriceRule> CHEAPEST_FIRST = Comparator.comparingLong(FanPriceRule::price)
		.thenComparing(FanPriceRule::crowdType);

	public PricedItem {
		List<FanPriceRule> sorted = new ArrayList<>(rules);
		sorted.sort(CHEAPEST_FIRST);
		rules = List.copyOf(sorted);
	}

	/** Whether {@code rule} lowers this item's price at {@code now} for a member of its crowd. */
	boolean applies(FanPriceRule rule, Instant now) {
		return rule.price() < this.listPrice && rule.activeAt(now);
	}

	/** The crowds whose membership could lower this item's price now. */
	public List<String> candidateCrowds(Instant now) {
		List<String> crowds = new ArrayList<>(this.rules.size());
		for (FanPriceRule rule : this.rules) {
			if (applies(rule, now)) {
				crowds.add(rule.crowdId());
			}
		}
		return crowds;
	}

}
