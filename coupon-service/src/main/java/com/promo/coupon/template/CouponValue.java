package com.promo.coupon.template;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.item.PriceUnit;
import com.promo.coupon.listing.ListingView;

/**
 * What a coupon takes off an amount (API.md "Coupon semantics"): AMOUNT_OFF its amount once the
 * threshold is reached, PERCENT_OFF the percentage (rounded down to the minor unit, capped by
 * maxDiscount), FREE_DAYS monthly rent x days / 30 on a MONTHLY listing, DEPOSIT_FREE the deposit,
 * SPECIAL_PRICE the difference to the special price. Never more than the amount (the deposit for
 * DEPOSIT_FREE), never negative.
 */
public final class CouponValue {

	private CouponValue() {
	}

	/** What the coupon takes off one unit of a listing at its list price (to rank coupons). */
	public static long estimate(TemplateContent coupon, ListingView listing) {
		return discountOn(coupon, listing.listPrice(), listing);
	}

	/** What the coupon takes off {@code amount} (an order's amount for the listing). */
	public static long discountOn(TemplateContent coupon, long amount, ListingView listing) {
		boolean thresholdMet = amount >= coupon.thresholdAmount();
		long value = switch (coupon.type()) {
			case AMOUNT_OFF -> thresholdMet ? coupon.amountOff() : 0;
			case PERCENT_OFF -> {
				long off = thresholdMet ? amount * coupon.percentOff() / 100 : 0;
				yield coupon.maxDiscount() == null ? off : Math.min(off, coupon.maxDiscount());
			}
			case FREE_DAYS -> listing.priceUnit() == PriceUnit.MONTHLY ? listing.listPrice() * coupon.freeDays() / 30 : 0;
			case DEPOSIT_FREE -> listing.deposit();
			case SPECIAL_PRICE -> amount - coupon.specialPrice();
		};
		long ceiling = coupon.type() == CouponType.DEPOSIT_FREE ? listing.deposit() : amount;
		return Math.max(0, Math.min(value, ceiling));
	}

}
