package com.promo.activity.catalog;

import java.time.Instant;
import java.util.List;

import com.promo.activity.activity.Activity;
import com.promo.contracts.activity.ActivityClock;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;

/**
 * What consumers may see of a published activity, as cached. The status is not cached: it is
 * derived from the stored status and the windows at each read, so time never makes a cache entry
 * stale; only edits and terminations do, and their events evict it.
 */
record PublicActivity(String id, String title, String description, ActivityKind kind, List<String> cityIds,
		List<CouponType> couponTypes, long valueLowerLimit, long valueUpperLimit, Instant applyStartTime,
		Instant applyEndTime, Instant activityStartTime, Instant activityEndTime, ActivityStatus storedStatus,
		long version) {

	static PublicActivity of(Activity activity) {
		var s = activity.snapshot();
		return new PublicActivity(s.id(), s.title(), activity.content().description(), s.kind(), s.cityIds(),
				s.couponTypes(), s.valueLowerLimit(), s.valueUpperLimit(), s.applyStartTime(), s.applyEndTime(),
				s.activityStartTime(), s.activityEndTime(), s.status(), s.version());
	}

	ActivityStatus statusAt(Instant now) {
		return ActivityClock.statusAt(this.storedStatus, this.applyStartTime, this.applyEndTime, this.activityStartTime,
				this.activityEndTime, now);
	}

}
