package com.promo.activity.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.activity.ActivityStatus;

/**
 * The time-driven part of the lifecycle. Once published, an activity's status follows the clock:
 * PUBLISHED until applyStart, SIGNUP_OPEN until applyEnd, SIGNUP_CLOSED until activityStart,
 * RUNNING until activityEnd, then ENDED. DRAFT and TERMINATED do not move with time.
 */
public final class ActivityLifecycle {

	private static final List<ActivityStatus> TIMED = List.of(ActivityStatus.PUBLISHED, ActivityStatus.SIGNUP_OPEN,
			ActivityStatus.SIGNUP_CLOSED, ActivityStatus.RUNNING, ActivityStatus.ENDED);

	private ActivityLifecycle() {
	}

	/** The status the clock implies for an activity whose stored status is {@code stored}. */
	public static ActivityStatus statusAt(ActivityStatus stored, ActivityDraft windows, Instant now) {
		if (stored == ActivityStatus.DRAFT || stored == ActivityStatus.TERMINATED) {
			return stored;
		}
		if (now.isBefore(windows.applyStartTime())) {
			return ActivityStatus.PUBLISHED;
		}
		if (now.isBefore(windows.applyEndTime())) {
			return ActivityStatus.SIGNUP_OPEN;
		}
		if (now.isBefore(windows.activityStartTime())) {
			return ActivityStatus.SIGNUP_CLOSED;
		}
		if (now.isBefore(windows.activityEndTime())) {
			return ActivityStatus.RUNNING;
		}
		return ActivityStatus.ENDED;
	}

	/** The statuses passed through going from {@code from} to {@code to}, in order, {@code to} included. */
	static List<ActivityStatus> stepsAfter(ActivityStatus from, ActivityStatus to) {
		int start = TIMED.indexOf(from);
		int end = TIMED.indexOf(to);
		if (start < 0 || end < 0 || end <= start) {
			return List.of();
		}
		return new ArrayList<>(TIMED.subList(start + 1, end + 1));
	}

	/** When the clock next moves an activity in {@code status}; null when it never will. */
	static Instant nextTransitionAt(ActivityStatus status, ActivityDraft windows) {
		return switch (status) {
			case PUBLISHED -> windows.applyStartTime();
			case SIGNUP_OPEN -> windows.applyEndTime();
			case SIGNUP_CLOSED -> windows.activityStartTime();
			case RUNNING -> windows.activityEndTime();
			case DRAFT, ENDED, TERMINATED -> null;
		};
	}

}
