package com.promo.contracts.activity;

import java.time.Instant;
import java.util.List;

/** An activity as other services need it: its scope, limits, windows and status at a version. */
public record ActivitySnapshot(String id, String title, ActivityKind kind, List<String> cityIds,
		List<CouponType> couponTypes, long valueLowerLimit, long valueUpperLimit, Instant applyStartTime,
		Instant applyEndTime, Instant activityStartTime, Instant activityEndTime, ActivityStatus status, long version) {

}
