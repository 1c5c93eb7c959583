package com.promo.contracts.coupon;

import java.time.Instant;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;

/**
 * A coupon template as claim-service and pricing need it: value, stock and limits, validity,
 * audience, status at a version, and the window and kind of its activity (claims are possible only
 * while the template is ENABLED and the activity is running; a FLASH_SALE activity's templates are
 * sold through flash-sale orders, never claimed as coupons).
 * <p>
 * {@code activityKind} came with version 2 of the template events; a version 1 payload has none and
 * reads as {@link ActivityKind#COUPON} (flash sales did not exist then).
 */
public record TemplateSnapshot(String id, String activityId, String merchantId, String cityId, CouponType type,
		String title, Long amountOff, Integer percentOff, Long maxDiscount, Integer freeDays, Long specialPrice,
		long thresholdAmount, Deduction deduction, int totalStock, int perUserLimit, Validity validity,
		Audience audience, TemplateStatus status, long version, Instant activityStartTime, Instant activityEndTime,
		ActivityKind activityKind) {

	public TemplateSnapshot {
		if (activityKind == null) {
			activityKind = ActivityKind.COUPON;
		}
	}

}
