package com.promo.coupon.activity;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import com.promo.contracts.activity.ActivityClock;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivitySnapshot;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;

/** An activity as coupon-service knows it from activity-service's events. */
public record ActivityView(long id, ActivityKind kind, Set<String> cityIds, Set<CouponType> couponTypes,
		long valueLowerLimit, long valueUpperLimit, Instant applyStartTime, Instant applyEndTime,
		Instant activityStartTime, Instant activityEndTime, ActivityStatus storedStatus, long version) {

	private static final Set<ActivityStatus> TAKES_TEMPLATES = EnumSet.of(ActivityStatus.SIGNUP_OPEN,
			ActivityStatus.SIGNUP_CLOSED, ActivityStatus.RUNNING);

	public static ActivityView of(ActivitySnapshot s) {
		return new ActivityView(Long.parseLong(s.id()), s.kind(), Set.copyOf(s.cityIds()), Set.copyOf(s.couponTypes()),
				s.valueLowerLimit(), s.valueUpperLimit(), s.applyStartTime(), s.applyEndTime(), s.activityStartTime(),
				s.activityEndTime(), s.status(), s.version());
	}

	public ActivityStatus statusAt(Instant now) {
		return ActivityClock.statusAt(this.storedStatus, this.applyStartTime, this.applyEndTime, this.activityStartTime,
				this.activityEndTime, now);
	}

	/** Merchants add templates from sign-up until the activity ends. */
	public boolean takesTemplatesAt(Instant now) {
		return TAKES_TEMPLATES.contains(statusAt(now));
	}

	public boolean isOverAt(Instant now) {
		ActivityStatus status = statusAt(now);
		return status == ActivityStatus.ENDED || status == ActivityStatus.TERMINATED;
	}

}
