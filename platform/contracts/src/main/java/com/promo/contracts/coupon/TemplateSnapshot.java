package com.promo.contracts.coupon;

import java.time.Instant;

import com.promo.contracts.activity.CouponType;

/**
 * A coupon template as claim-service and pricing need it: value, stock and limits, validity,
 * audience, status at a version, and the window of its activity (claims are possible only while the
 * template is ENABLED and the activity is running).
 */
public record TemplateSnapshot(String id, String activityId, String merchantId, String cityId, CouponType type,
		String title, Long amountOff, Integer percentOff, Long maxDiscount, Integer freeDays, Long specialPrice,
		long thresholdAmount, Deduction deduction, int totalStock, int perUserLimit, Validity validity,
		Audience audience, TemplateStatus status, long version, Instant activityStartTime, Instant activityEndTime) {
}
