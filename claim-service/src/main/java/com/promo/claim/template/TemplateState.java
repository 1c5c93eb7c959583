package com.promo.claim.template;

import java.time.Instant;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.TemplateSnapshot;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.contracts.coupon.Validity;

/**
 * What the claim path needs of a template: status, claim window (the activity's running window,
 * cut short by a FIXED validity), audience, per-user limit, total stock, and its activity's kind (a
 * FLASH_SALE activity's templates are not claimable as coupons).
 */
public record TemplateState(long templateId, TemplateStatus status, Instant claimStart, Instant claimEnd,
		Audience.Type audienceType, String crowdId, int perUserLimit, int totalStock, long version,
		ActivityKind activityKind) {

	public static TemplateState of(TemplateSnapshot t) {
		Instant end = t.activityEndTime();
		if (t.validity().type() == Validity.Type.FIXED && t.validity().endTime().isBefore(end)) {
			end = t.validity().endTime();
		}
		return new TemplateState(Long.parseLong(t.id()), t.status(), t.activityStartTime(), end, t.audience().type(),
				t.audience().crowdId(), t.perUserLimit(), t.totalStock(), t.version(), t.activityKind());
	}

}
