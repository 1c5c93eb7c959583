package com.promo.pricing.quote;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.promo.contracts.activity.CouponType;
import com.promo.pricing.price.LowestPrice;
import com.promo.pricing.price.PriceQuery;
import com.promo.pricing.price.PricedItem;
import com.promo.pricing.remote.RemoteUnavailable;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.stereotype.Service;

/**
 * Quotes: each line at the price the buyer is entitled to now (as {@code GET /api/prices} shows it,
 * one membership read for all lines), then one wallet coupon, the given one or the one worth most,
 * applied by {@link CouponMath}. When the wallet cannot be reached the quote answers without a
 * coupon and says so; a given coupon that is not the buyer's is 404.
 */
@Service
class QuoteService {

	record Quote(List<QuoteLine> lines, long subtotal, AppliedCoupon coupon, long discount, Long monthlyDiscount,
			long deposit, long total, boolean couponsUnavailable) {
	}

	record AppliedCoupon(WalletCoupon coupon, CouponMath.Effect effect) {
	}

	/** The best coupon: most worth, then the one that expires first (use it before it is lost), then the oldest. */
	static final Comparator<AppliedCoupon> BEST = Comparator
		.comparingLong((AppliedCoupon a) -> a.effect().worth())
		.reversed()
		.thenComparing(a -> a.coupon().validUntil())
		.thenComparingLong(a -> Long.parseLong(a.coupon().id()));

	private final PriceQuery prices;

	private final WalletClient wallet;

	QuoteService(PriceQuery prices, WalletClient wallet) {
		this.prices = prices;
		this.wallet = wallet;
	}

	Quote quote(long userId, QuoteRequests.Order order) {
		PriceQuery.Prices priced = this.prices.prices(String.valueOf(userId), order.quantities().keySet());
		List<QuoteLine> lines = new ArrayList<>();
		int index = 0;
		for (Map.Entry<Long, Integer> wanted : order.quantities().entrySet()) {
			PricedItem item = priced.items().get(wanted.getKey());
			if (item == null) {
				throw ProblemException.invalidField("items[" + index + "].itemId", "is not a known item");
			}
			LowestPrice.Offer offer = priced.offers().get(wanted.getKey());
			lines.add(new QuoteLine(item.itemId(), item.sellerId(), wanted.getValue(), item.listPrice(), offer.price(),
					offer.crowdId(), item.priceUnit(), item.deposit()));
			index++;
		}
		long subtotal = lines.stream().mapToLong(QuoteLine::lineTotal).sum();
		long deposit = lines.stream().mapToLong(QuoteLine::depositTotal).sum();
		Optional<AppliedCoupon> coupon;
		try {
			coupon = order.couponId() == null ? bestCoupon(userId, lines, order.leaseMonths(), priced.asOf())
					: Optional.of(givenCoupon(userId, order.couponId(), lines, order.leaseMonths(), priced));
		}
		catch (RemoteUnavailable ex) {
			return new Quote(lines, subtotal, null, 0, null, deposit, subtotal, true);
		}
		long discount = coupon.map(c -> c.effect().discount()).orElse(0L);
		long waived = coupon.map(c -> c.effect().depositWaived()).orElse(0L);
		return new Quote(lines, subtotal, coupon.orElse(null), discount,
				coupon.map(c -> c.effect().monthlyDiscount()).orElse(null), deposit - waived, subtotal - discount,
				false);
	}

	private Optional<AppliedCoupon> bestCoupon(long userId, List<QuoteLine> lines, int leaseMonths, Instant now) {
		return this.wallet.unusedCoupons(userId)
			.stream()
			.filter(c -> c.usableAt(now))
			.flatMap(c -> CouponMath.apply(c, lines, leaseMonths).map(e -> new AppliedCoupon(c, e)).stream())
			.min(BEST);
	}

	private AppliedCoupon givenCoupon(long userId, long couponId, List<QuoteLine> lines, int leaseMonths,
			PriceQuery.Prices priced) {
		WalletCoupon coupon = this.wallet.coupon(userId, couponId)
			.orElseThrow(() -> ProblemException.notFound("coupon " + couponId));
		if (!coupon.usableAt(priced.asOf())) {
			throw new ProblemException(ProblemCode.INVALID_STATE,
					"coupon " + couponId + " cannot be used now (" + coupon.status() + ", valid " + coupon.validFrom()
							+ " to " + coupon.validUntil() + ")");
		}
		return CouponMath.apply(coupon, lines, leaseMonths)
			.map(effect -> new AppliedCoupon(coupon, effect))
			.orElseThrow(() -> new ProblemException(ProblemCode.INVALID_STATE, "coupon " + couponId
					+ " does not apply to these items (another seller's items, threshold not reached, or "
					+ (coupon.type() == CouponType.FREE_DAYS ? "no monthly rent" : "nothing to take off") + ")"));
	}

}
