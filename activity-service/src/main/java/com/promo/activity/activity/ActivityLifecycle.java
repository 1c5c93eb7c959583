package com.promo.activity.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.activity.ActivityClock;
import com.promo.contracts.activity.ActivityStatus;

/**
 * The time-driven part of the lifecycle: the clock's status ({@link ActivityClock}, part of the
 * contract), the steps between two statuses and when the next one is due.
 */
public final class ActivityLifecycle {

	private static final List<ActivityStatus> TIMED = List.of(ActivityStatus.PUBLISHED, ActivityStatus.SIGNUP_OPEN,
			ActivityStatus.SIGNUP_CLOSED, ActivityStatus.RUNNING, ActivityStatus.ENDED);

	private ActivityLifecycle() {
	}

	/** The status the clock implies for an activity whose stored status is {@code stored}. */
	public static ActivityStatus statusAt(ActivityStatus stored, ActivityDraft windows, Instant now) {
		return ActivityClock.statusAt(stored, windows.applyStartTime(), windows.applyEndTime(),
				windows.activityStartTime(), windows.activityEndTime(), now);
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
