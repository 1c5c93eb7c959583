package com.promo.coupon.template;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.Validity;
import com.promo.coupon.activity.ActivityView;

/** Valid activities and template content for unit tests to vary. */
public final class TemplateFixtures {

	public static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	private TemplateFixtures() {
	}

	/** A COUPON activity whose window runs from one hour before {@code NOW} to a day after. */
	public static ActivityView runningActivity() {
		return activity(ActivityKind.COUPON, Set.of(CouponType.AMOUNT_OFF, CouponType.PERCENT_OFF, CouponType.FREE_DAYS,
				CouponType.DEPOSIT_FREE), ActivityStatus.RUNNING, NOW.minus(Duration.ofHours(1)),
				NOW.plus(Duration.ofDays(1)));
	}

	public static ActivityView activity(ActivityKind kind, Set<CouponType> types, ActivityStatus stored,
			Instant activityStart, Instant activityEnd) {
		return new ActivityView(1, kind, Set.of("310000"), types, 500, 50000, activityStart.minus(Duration.ofDays(2)),
				activityStart.minus(Duration.ofDays(1)), activityStart, activityEnd, stored, 5);
	}

	public static TemplateContent amountOff(long amountOff) {
		return new TemplateContent("310000", CouponType.AMOUNT_OFF, "300 off first month", amountOff, null, null, null,
				null, 300000, Deduction.FIRST_MONTH, 1000, 1, Validity.floating(30), Audience.all());
	}

	public static TemplateContent withValidity(Validity validity) {
		TemplateContent c = amountOff(30000);
		return new TemplateContent(c.cityId(), c.type(), c.title(), c.amountOff(), null, null, null, null,
				c.thresholdAmount(), c.deduction(), c.totalStock(), c.perUserLimit(), validity, c.audience());
	}

}
