package com.promo.contracts.activity;

import java.time.Instant;

/**
 * The status an activity has at a moment (API.md: "every read already reports the status that the
 * clock implies"). Once published, the status follows the windows: PUBLISHED until applyStart,
 * SIGNUP_OPEN until applyEnd, SIGNUP_CLOSED until activityStart, RUNNING until activityEnd, then
 * ENDED. DRAFT and TERMINATED do not move with time. Part of the contract, so that every service
 * reading {@link ActivitySnapshot}s agrees with activity-service.
 */
public final class ActivityClock {

	private ActivityClock() {
	}

	public static ActivityStatus statusAt(ActivityStatus stored, Instant applyStart, Instant applyEnd,
			Instant activityStart, Instant activityEnd, Instant now) {
		if (stored == ActivityStatus.DRAFT || stored == ActivityStatus.TERMINATED) {
			return stored;
		}
		if (now.isBefore(applyStart)) {
			return ActivityStatus.PUBLISHED;
		}
		if (now.isBefore(applyEnd)) {
			return ActivityStatus.SIGNUP_OPEN;
		}
		if (now.isBefore(activityStart)) {
			return ActivityStatus.SIGNUP_CLOSED;
		}
		if (now.isBefore(activityEnd)) {
			return ActivityStatus.RUNNING;
		}
		return ActivityStatus.ENDED;
	}

}
