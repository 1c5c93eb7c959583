package com.promo.pricing.quote;

import java.time.Instant;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Deduction;

/**
 * A coupon of the buyer's wallet with the terms of its template, as coupon-service's
 * {@code /internal/users/{userId}/coupons} returns it. The template's merchant is the seller whose
 * items the coupon applies to.
 */
public record WalletCoupon(String id, String templateId, String status, Instant validFrom, Instant validUntil,
		String merchantId, CouponType type, Long amountOff, Integer percentOff, Long maxDiscount, Integer freeDays,
		Long specialPrice, long thresholdAmount, Deduction deduction) {

	public boolean usableAt(Instant now) {
		return "UNUSED".equals(this.status) && !now.isBefore(this.validFrom) && now.isBefore(this.validUntil);
	}

}
