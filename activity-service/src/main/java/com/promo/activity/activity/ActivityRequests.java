package com.promo.activity.activity;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;

/** The JSON bodies and answers of the activity endpoints (API.md "Activities"). */
final class ActivityRequests {

	private ActivityRequests() {
	}

	/** {@code POST /ops/activities}; every rule is checked by {@link ActivityRules}. */
	record CreateActivity(String title, String description, ActivityKind kind, List<String> cityIds,
			List<CouponType> couponTypes, Long valueLowerLimit, Long valueUpperLimit, Instant applyStartTime,
			Instant applyEndTime, Instant activityStartTime, Instant activityEndTime) {

		ActivityDraft toDraft() {
			return new ActivityDraft(this.title, this.description, this.kind, set(this.cityIds, "cityIds"), set(this.couponTypes, "couponTypes"),
					this.valueLowerLimit, this.valueUpperLimit, this.applyStartTime, this.applyEndTime,
					this.activityStartTime, this.activityEndTime);
		}

	}

	/** {@code PATCH /ops/activities/{id}}: the fields present replace the current ones. */
	record PatchActivity(String title, String description, ActivityKind kind, List<String> cityIds,
			List<CouponType> couponTypes, Long valueLowerLimit, Long valueUpperLimit, Instant applyStartTime,
			Instant applyEndTime, Instant activityStartTime, Instant activityEndTime) {

		ActivityDraft applyTo(ActivityDraft current) {
			return new ActivityDraft(or(this.title, current.title()), or(this.description, current.description()),
					or(this.kind, current.kind()), this.cityIds == null ? current.cityIds() : set(this.cityIds, "cityIds"),
					this.couponTypes == null ? current.couponTypes() : set(this.couponTypes, "couponTypes"),
					or(this.valueLowerLimit, current.valueLowerLimit()), or(this.valueUpperLimit, current.valueUpperLimit()),
					or(this.applyStartTime, current.applyStartTime()), or(this.applyEndTime, current.applyEndTime()),
					or(this.activityStartTime, current.activityStartTime()),
					or(this.activityEndTime, current.activityEndTime()));
		}

	}

	record ActivityResponse(String id, String title, String description, ActivityKind kind, List<String> cityIds,
			List<CouponType> couponTypes, long valueLowerLimit, long valueUpperLimit, Instant applyStartTime,
			Instant applyEndTime, Instant activityStartTime, Instant activityEndTime, ActivityStatus status,
			Instant createdAt, Instant updatedAt, long version) {

		static ActivityResponse of(Activity activity, Instant now) {
			ActivityDraft c = activity.content();
			return new ActivityResponse(String.valueOf(activity.id()), c.title(), c.description(), c.kind(),
					c.sortedCityIds(), c.sortedCouponTypes(), c.valueLowerLimit(), c.valueUpperLimit(),
					c.applyStartTime(), c.applyEndTime(), c.activityStartTime(), c.activityEndTime(),
					activity.statusAt(now), activity.createdAt(), activity.updatedAt(), activity.version());
		}

	}

	private static <T> Set<T> set(List<T> values, String field) {
		if (values == null) {
			return Set.of();
		}
		if (values.contains(null)) {
			throw com.promo.web.ProblemException.invalidField(field, "must not contain null");
		}
		return new LinkedHashSet<>(values);
	}

	private static <T> T or(T value, T fallback) {
		return value == null ? fallback : value;
	}

}
