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

	public static Offer of(PricedItem item, Predicate<String> isMember, Instant now) {
		Offer best = listPrice(item);
		FanPriceRule winner = null;
		for (FanPriceRule rule : item.rules()) {
			if (!rule.activeAt(now) || rule.price() >= best.price() && !breaksTie(rule, winner, best)) {
				continue;
			}
			if (isMember.test(rule.crowdId())) {
				best = new Offer(item.listPrice(), rule.price(), rule.crowdId());
				winner = rule;
			}
		}
		return best;
	}

	/** An equal fan price replaces the current one only when its crowd type comes first. */
	private static boolean breaksTie(FanPriceRule rule, FanPriceRule winner, Offer best) {
		return winner != null && rule.price() == best.price() && rule.crowdType().compareTo(winner.crowdType()) < 0;
	}

}
