package com.promo.activity.activity;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;

/** The editable content of an activity: what ops create, and change while it is a DRAFT. */
public record ActivityDraft(String title, String description, ActivityKind kind, Set<String> cityIds,
		Set<CouponType> couponTypes, Long valueLowerLimit, Long valueUpperLimit, Instant applyStartTime,
		Instant applyEndTime, Instant activityStartTime, Instant activityEndTime) {

	public ActivityDraft {
		cityIds = Set.copyOf(cityIds);
		couponTypes = Set.copyOf(couponTypes);
	}

	List<String> sortedCityIds() {
		return this.cityIds.stream().sorted().toList();
	}

	List<CouponType> sortedCouponTypes() {
		return this.couponTypes.stream().sorted().toList();
	}

}
