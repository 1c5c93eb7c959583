package com.promo.coupon.template;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.Validity;

/**
 * What a merchant offers with a template: the value field of its type (the others null), the
 * threshold and deduction mode, stock and per-user limit, validity and audience.
 */
public record TemplateContent(String cityId, CouponType type, String title, Long amountOff, Integer percentOff,
		Long maxDiscount, Integer freeDays, Long specialPrice, long thresholdAmount, Deduction deduction,
		int totalStock, int perUserLimit, Validity validity, Audience audience) {
}
