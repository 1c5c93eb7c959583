package com.promo.pricing.quote;

import java.util.List;
import java.util.Optional;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.item.PriceUnit;

/**
 * What a wallet coupon takes off a quote (API.md "Coupon semantics"). A coupon applies to the
 * lines of its template's merchant only; their total must reach the threshold.
 * <ul>
 * <li>AMOUNT_OFF: {@code amountOff}, at most the lines' total;
 * <li>PERCENT_OFF: {@code percentOff}% of the lines' total, capped by {@code maxDiscount};
 * <li>FREE_DAYS: monthly rent x {@code freeDays} / 30 of the MONTHLY lines, at most one month's rent
 * when taken from the first month;
 * <li>DEPOSIT_FREE: the lines' deposit becomes 0 (no discount on the price);
 * <li>SPECIAL_PRICE: each line's unit price becomes the special price (when that is lower).
 * </ul>
 * With {@code SPREAD_MONTHLY} on MONTHLY lines the coupon's value is spread evenly over
 * {@code leaseMonths} and the quote (one month) takes one share. Rounding: every division rounds
 * down to the minor unit (as coupon-service's lock computes discounts), so a buyer is never quoted
 * more than the coupon gives; spreading loses at most {@code leaseMonths - 1} minor units.
 */
public final class CouponMath {

	/**
	 * @param value what the coupon is worth on these lines in total
	 * @param discount what it takes off this quote's total (one month's share when spread)
	 * @param monthlyDiscount the monthly share when spread over the lease, else {@code null}
	 * @param depositWaived the deposit it waives (DEPOSIT_FREE)
	 */
	public record Effect(long value, long discount, Long monthlyDiscount, long depositWaived) {

		/** What the buyer saves with it over the lease: the ranking of the wallet's coupons. */
		public long worth() {
			return this.value + this.depositWaived;
		}

	}

	private CouponMath() {
	}

	/** The coupon's effect on these lines, or empty when it does not apply to them. */
	public static Optional<Effect> apply(WalletCoupon coupon, List<QuoteLine> lines, int leaseMonths) {
		List<QuoteLine> eligible = lines.stream()
			.filter(l -> String.valueOf(l.sellerId()).equals(coupon.merchantId()))
			.toList();
		long base = eligible.stream().mapToLong(QuoteLine::lineTotal).sum();
		if (eligible.isEmpty() || base < coupon.thresholdAmount()) {
			return Optional.empty();
		}
		long monthlyRent = eligible.stream()
			.filter(l -> l.priceUnit() == PriceUnit.MONTHLY)
			.mapToLong(QuoteLine::lineTotal)
			.sum();
		long value = switch (coupon.type()) {
			case AMOUNT_OFF -> Math.min(coupon.amountOff(), base);
			case PERCENT_OFF -> {
				long off = Math.multiplyExact(base, coupon.percentOff()) / 100;
				yield coupon.maxDiscount() == null ? off : Math.min(off, coupon.maxDiscount());
			}
			case FREE_DAYS -> Math.multiplyExact(monthlyRent, coupon.freeDays()) / 30;
			case SPECIAL_PRICE -> eligible.stream()
				.mapToLong(l -> Math.multiplyExact(Math.max(0, l.unitPrice() - coupon.specialPrice()), l.quantity()))
				.sum();
			case DEPOSIT_FREE -> 0;
		};
		if (coupon.type() == CouponType.DEPOSIT_FREE) {
			long waived = eligible.stream().mapToLong(QuoteLine::depositTotal).sum();
			return waived > 0 ? Optional.of(new Effect(0, 0, null, waived)) : Optional.empty();
		}
		if (value <= 0) {
			return Optional.empty();
		}
		boolean allMonthly = monthlyRent == base;
		if (coupon.deduction() == Deduction.SPREAD_MONTHLY && allMonthly) {
			long share = value / Math.max(1, leaseMonths);
			return Optional.of(new Effect(value, share, share, 0));
		}
		long ceiling = coupon.type() == CouponType.FREE_DAYS ? monthlyRent : base;
		long once = Math.min(value, ceiling);
		return Optional.of(new Effect(once, once, null, 0));
	}

}
