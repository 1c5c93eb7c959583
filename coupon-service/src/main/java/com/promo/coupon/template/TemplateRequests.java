package com.promo.coupon.template;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.contracts.coupon.Validity;
import com.promo.coupon.activity.ActivityView;
import com.promo.web.FieldViolation;

/** The JSON bodies and answers of the template endpoints (API.md "coupon templates"). */
public final class TemplateRequests {

	private TemplateRequests() {
	}

	/**
	 * {@code POST /merchant/coupon-templates}. Defaults: {@code thresholdAmount} 0,
	 * {@code deduction} FIRST_MONTH, {@code perUserLimit} 1, {@code audience} ALL.
	 */
	record CreateTemplate(String activityId, String cityId, CouponType type, String title, Long amountOff,
			Integer percentOff, Long maxDiscount, Integer freeDays, Long specialPrice, Long thresholdAmount,
			Deduction deduction, Integer totalStock, Integer perUserLimit, Validity validity, Audience audience) {

		/** Problems only the request's shape can have (the rest is {@link TemplateRules}). */
		List<FieldViolation> shapeViolations() {
			List<FieldViolation> v = new ArrayList<>();
			if (!hasActivityId()) {
				v.add(new FieldViolation("activityId", "must be an activity id (digits)"));
			}
			if (this.totalStock == null) {
				v.add(new FieldViolation("totalStock", "is required"));
			}
			return v;
		}

		boolean hasActivityId() {
			return this.activityId != null && this.activityId.matches("[0-9]{1,18}");
		}

		long activity() {
			return Long.parseLong(this.activityId);
		}

		TemplateContent content() {
			return new TemplateContent(this.cityId, this.type, this.title, this.amountOff, this.percentOff,
					this.maxDiscount, this.freeDays, this.specialPrice,
					this.thresholdAmount == null ? 0 : this.thresholdAmount,
					this.deduction == null ? Deduction.FIRST_MONTH : this.deduction,
					this.totalStock == null ? 0 : this.totalStock, this.perUserLimit == null ? 1 : this.perUserLimit,
					this.validity, this.audience == null ? Audience.all() : this.audience);
		}

	}

	/** A template as merchants and consumers read it, with the status the clock implies now. */
	public record TemplateResponse(String id, String activityId, String merchantId, String cityId, CouponType type,
			String title, Long amountOff, Integer percentOff, Long maxDiscount, Integer freeDays, Long specialPrice,
			long thresholdAmount, Deduction deduction, int totalStock, int perUserLimit, Validity validity,
			Audience audience, TemplateStatus status, long claimedCount, Instant createdAt, Instant updatedAt,
			long version) {

		public static TemplateResponse of(CouponTemplate t, ActivityView activity, Instant now) {
			TemplateContent c = t.content();
			return new TemplateResponse(String.valueOf(t.id()), String.valueOf(t.activityId()),
					String.valueOf(t.merchantId()), c.cityId(), c.type(), c.title(), c.amountOff(), c.percentOff(),
					c.maxDiscount(), c.freeDays(), c.specialPrice(), c.thresholdAmount(), c.deduction(),
					c.totalStock(), c.perUserLimit(), c.validity(), c.audience(), t.statusAt(activity, now),
					t.claimedCount(), t.createdAt(), t.updatedAt(), t.version());
		}

	}

}
