package com.promo.activity.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.ActivityTransitioned;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivityTest {

	static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	private static Activity draftOpeningIn(Duration signupOpensIn) {
		return Activity.create(7, ActivityFixtures.draft(NOW, signupOpensIn), NOW);
	}

	private static List<ActivityStatus> statuses(List<ActivityTransitioned> events) {
		return events.stream().map(e -> e.activity().status()).toList();
	}

	private static void assertInvalidState(Runnable action) {
		assertThatThrownBy(action::run).isInstanceOf(ProblemException.class)
			.satisfies(ex -> assertThat(((ProblemException) ex).code()).isEqualTo(ProblemCode.INVALID_STATE));
	}

	@Test
	void theClockDrivesAPublishedActivityThroughItsWindows() {
		Activity activity = draftOpeningIn(Duration.ofHours(1));
		activity.publish(NOW);
		ActivityDraft w = activity.content();

		assertThat(activity.statusAt(NOW)).isEqualTo(ActivityStatus.PUBLISHED);
		assertThat(activity.statusAt(w.applyStartTime())).isEqualTo(ActivityStatus.SIGNUP_OPEN);
		assertThat(activity.statusAt(w.applyEndTime().minusNanos(1000))).isEqualTo(ActivityStatus.SIGNUP_OPEN);
		assertThat(activity.statusAt(w.applyEndTime())).isEqualTo(ActivityStatus.SIGNUP_CLOSED);
		assertThat(activity.statusAt(w.activityStartTime())).isEqualTo(ActivityStatus.RUNNING);
		assertThat(activity.statusAt(w.activityEndTime())).isEqualTo(ActivityStatus.ENDED);
	}

	@Test
	void aDraftDoesNotMoveWithTheClock() {
		Activity activity = draftOpeningIn(Duration.ofHours(-10));

		assertThat(activity.statusAt(NOW)).isEqualTo(ActivityStatus.DRAFT);
		assertThat(activity.advance(NOW)).isEmpty();
	}

	@Test
	void publishingLateCatchesUpWithOneEventPerStepAndOneVersionEach() {
		Activity activity = draftOpeningIn(Duration.ofMinutes(-90)); // sign-up closed 30 minutes ago

		List<ActivityTransitioned> events = activity.publish(NOW);

		assertThat(statuses(events)).containsExactly(ActivityStatus.PUBLISHED, ActivityStatus.SIGNUP_OPEN,
				ActivityStatus.SIGNUP_CLOSED);
		assertThat(events.stream().map(e -> e.activity().version())).containsExactly(1L, 2L, 3L);
		assertThat(events.stream().map(e -> e.eventType().name())).containsExactly("ActivityPublished",
				"ActivitySignupOpened", "ActivitySignupClosed");
		assertThat(activity.storedStatus()).isEqualTo(ActivityStatus.SIGNUP_CLOSED);
	}

	@Test
	void advancingAfterEndReportsEveryMissedStepOnce() {
		Activity activity = draftOpeningIn(Duration.ofHours(1));
		activity.publish(NOW);

		List<ActivityTransitioned> events = activity.advance(NOW.plus(Duration.ofDays(1)));

		assertThat(statuses(events)).containsExactly(ActivityStatus.SIGNUP_OPEN, ActivityStatus.SIGNUP_CLOSED,
				ActivityStatus.RUNNING, ActivityStatus.ENDED);
		assertThat(activity.advance(NOW.plus(Duration.ofDays(2)))).isEmpty();
		assertThat(activity.nextTransitionAt()).isNull();
	}

	@Test
	void onlyADraftCanBeEditedOrPublished() {
		Activity activity = draftOpeningIn(Duration.ofHours(1));
		activity.edit(ActivityFixtures.draft(NOW, Duration.ofHours(2)), NOW);
		activity.publish(NOW);

		assertInvalidState(() -> activity.edit(ActivityFixtures.draft(NOW, Duration.ofHours(3)), NOW));
		assertInvalidState(() -> activity.publish(NOW));
	}

	@Test
	void anEditIsCheckedAgainstTheRules() {
		Activity activity = draftOpeningIn(Duration.ofHours(1));
		ActivityDraft broken = new ActivityDraft("", null, null, java.util.Set.of(), java.util.Set.of(), null, null, null,
				null, null, null);

		assertThatThrownBy(() -> activity.edit(broken, NOW)).isInstanceOf(ProblemException.class)
			.satisfies(ex -> assertThat(((ProblemException) ex).code()).isEqualTo(ProblemCode.VALIDATION_FAILED));
		assertThat(activity.content().title()).isEqualTo("Spring rent festival");
	}

	@Test
	void terminationIsAllowedFromEveryStateButEnded() {
		Activity draft = draftOpeningIn(Duration.ofHours(1));
		assertThat(draft.terminate(NOW)).as("a draft nobody saw raises no event").isEmpty();
		assertThat(draft.storedStatus()).isEqualTo(ActivityStatus.TERMINATED);
		assertInvalidState(() -> draft.terminate(NOW));

		for (Duration sinceSignupOpened : List.of(Duration.ofMinutes(-30), Duration.ofMinutes(30),
				Duration.ofMinutes(90), Duration.ofMinutes(150))) {
			Activity activity = draftOpeningIn(Duration.ofHours(1));
			activity.publish(NOW);
			Instant when = activity.content().applyStartTime().plus(sinceSignupOpened);
			List<ActivityTransitioned> events = activity.terminate(when);
			assertThat(statuses(events)).containsExactly(ActivityStatus.TERMINATED);
			assertThat(activity.statusAt(when.plus(Duration.ofDays(9)))).isEqualTo(ActivityStatus.TERMINATED);
		}

		Activity ended = draftOpeningIn(Duration.ofHours(1));
		ended.publish(NOW);
		assertInvalidState(() -> ended.terminate(NOW.plus(Duration.ofDays(1))));
	}

}
