package com.promo.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.promo.activity.activity.Activity;
import com.promo.activity.activity.ActivityDraft;
import com.promo.activity.activity.ActivityService;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.Topic;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TopicRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduler on a short interval, against the real database and broker. */
@SpringBootTest(properties = "promo.activity.lifecycle-interval=200ms")
class ActivityLifecycleIT {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_activity_life");
	}

	@Autowired
	ActivityService activities;

	static ActivityDraft draft(Instant applyStart, Duration step) {
		return new ActivityDraft("Lifecycle", null, ActivityKind.COUPON, Set.of("310000"), Set.of(CouponType.AMOUNT_OFF),
				0L, 100L, applyStart, applyStart.plus(step), applyStart.plus(step.multipliedBy(2)),
				applyStart.plus(step.multipliedBy(3)));
	}

	@Test
	void theSchedulerMovesAnActivityThroughItsWholeLifePublishingEachStepOnce() {
		Instant opens = Instant.now().plusSeconds(2);
		Activity activity = this.activities.create(draft(opens, Duration.ofSeconds(2)));
		String id = String.valueOf(activity.id());
		this.activities.publish(activity.id());

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.activities.get(activity.id()).storedStatus() == ActivityStatus.ENDED);

		try (TopicRecorder recorder = new TopicRecorder(Topic.ACTIVITY_EVENTS.wireName())) {
			List<EventEnvelope> events = recorder.await(e -> e.key().equals(id), seen -> seen.size() >= 5, Duration.ofSeconds(20));
			recorder.drain(Duration.ofSeconds(1));
			assertThat(recorder.forKey(id)).extracting(EventEnvelope::type)
				.containsExactly("ActivityPublished", "ActivitySignupOpened", "ActivitySignupClosed", "ActivityStarted",
						"ActivityEnded");
			assertThat(events).extracting(e -> e.payload().get("activity").get("version").asLong())
				.containsExactly(1L, 2L, 3L, 4L, 5L);
		}
	}

	@Test
	void threeSchedulersRacingOverTheSameActivitiesApplyEachTransitionOnce() throws Exception {
		int count = 20;
		Instant opens = Instant.now().plusSeconds(3);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Activity activity = this.activities.create(draft(opens, Duration.ofHours(1)));
			this.activities.publish(activity.id());
			ids.add(String.valueOf(activity.id()));
		}
		// the application's own scheduler races with two more "instances" started at one barrier
		Thread.sleep(Duration.between(Instant.now(), opens).toMillis() + 50);
		CyclicBarrier start = new CyclicBarrier(2);
		Callable<Integer> instance = () -> {
			start.await();
			return this.activities.advanceDue(500);
		};
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			Future<Integer> a = pool.submit(instance);
			Future<Integer> b = pool.submit(instance);
			assertThat(a.get() + b.get()).isLessThanOrEqualTo(count);
		}

		try (TopicRecorder recorder = new TopicRecorder(Topic.ACTIVITY_EVENTS.wireName())) {
			for (String id : ids) {
				recorder.await(e -> e.key().equals(id), seen -> seen.size() >= 2, Duration.ofSeconds(20));
			}
			recorder.drain(Duration.ofSeconds(2));
			for (String id : ids) {
				assertThat(recorder.forKey(id)).extracting(EventEnvelope::type)
					.as("events of activity %s", id)
					.containsExactly("ActivityPublished", "ActivitySignupOpened");
			}
		}
		for (String id : ids) {
			assertThat(this.activities.get(Long.parseLong(id)).storedStatus()).isEqualTo(ActivityStatus.SIGNUP_OPEN);
		}
	}

}
