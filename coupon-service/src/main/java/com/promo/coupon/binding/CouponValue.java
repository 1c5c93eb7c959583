package com.promo.coupon.binding;

import com.promo.contracts.item.PriceUnit;
import com.promo.coupon.listing.ListingView;
import com.promo.coupon.template.TemplateContent;

/**
 * What a coupon is worth on one unit of a listing at its list price, to rank a listing's coupons
 * ("best coupon"). An estimate for browsing: the exact amount at checkout is the quote's
 * (discount-pricing-service), which knows quantities and the lease.
 */
final class CouponValue {

	private CouponValue() {
	}

	static long estimate(TemplateContent coupon, ListingView listing) {
		long price = listing.listPrice();
		boolean thresholdMet = price >= coupon.thresholdAmount();
		long value = switch (coupon.type()) {
			case AMOUNT_OFF -> thresholdMet ? coupon.amountOff() : 0;
			case PERCENT_OFF -> {
				long off = thresholdMet ? price * coupon.percentOff() / 100 : 0;
				yield coupon.maxDiscount() == null ? off : Math.min(off, coupon.maxDiscount());
			}
			case FREE_DAYS -> listing.priceUnit() == PriceUnit.MONTHLY ? price * coupon.freeDays() / 30 : 0;
			case DEPOSIT_FREE -> listing.deposit();
			case SPECIAL_PRICE -> price - coupon.specialPrice();
		};
		return Math.max(0, Math.min(value, coupon.type() == com.promo.contracts.activity.CouponType.DEPOSIT_FREE
				? listing.deposit() : price));
	}

}
