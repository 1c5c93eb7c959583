package com.promo.pricing.price;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * The price rule (the seed design's "crowd + item + price"): a buyer pays the lowest price among
 * the list price and the fan prices that are active now and whose crowd the buyer belongs to.
 * Ties between fan prices go to the first crowd type in the order ALL_FANS, OLD_FANS, BUY_FANS, so
 * the answer never depends on storage order. A rule at or above the list price never applies.
 */
public final class LowestPrice {

	/** What the buyer pays, and the crowd that gives it ({@code null}: the list price). */
	public record Offer(long listPrice, long price, String crowdId) {

		public long savings() {
			return this.listPrice - this.price;
		}

	}

	private LowestPrice() {
	}

	public static Offer listPrice(PricedItem item) {
		return new Offer(item.listPrice(), item.listPrice(), null);
	}

	/**
	 * Tries the applicable fan prices cheapest first (ties: crowd type order) and stops at the first
	 * crowd the buyer is in, so an expensive membership check (checkout's strong one) is asked only
	 * as often as needed.
	 */
	public static Offer of(PricedItem item, Predicate<String> isMember, Instant now) {
		for (FanPriceRule rule : item.rules()) { // cheapest first, ties in crowd type order
			if (item.applies(rule, now) && isMember.test(rule.crowdId())) {
				return new Offer(item.listPrice(), rule.price(), rule.crowdId());
			}
		}
		return listPrice(item);
	}


}
