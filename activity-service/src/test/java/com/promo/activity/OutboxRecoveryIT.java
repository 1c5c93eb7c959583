package com.promo.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.promo.activity.activity.Activity;
import com.promo.activity.activity.ActivityDraft;
import com.promo.activity.activity.ActivityService;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.Topic;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import com.promo.testsupport.TopicRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transactional outbox across a stop: the first run commits a change while Kafka cannot be
 * reached and stops with the event unsent; the next run, against the real broker, sends it.
 */
class OutboxRecoveryIT {

	@Test
	void anEventCommittedButNotSentBeforeTheStopIsPublishedAfterTheRestart() {
		TestInfrastructure infra = TestInfrastructure.get();
		String database = infra.createDatabase("it_activity_outbox");
		Map<String, Object> common = Map.of("spring.datasource.url", infra.jdbcUrl(database),
				"spring.data.redis.cluster.nodes", infra.redisClusterNodes(), "promo.security.jwt-secret",
				TestTokens.SECRET, "server.port", "0", "promo.activity.lifecycle-interval", "1h");

		String id;
		try (ConfigurableApplicationContext first = start(common, Map.of(
				// nothing listens here: sends fail fast, the publication stays incomplete
				"spring.kafka.bootstrap-servers", "127.0.0.1:1", "spring.kafka.producer.properties.max.block.ms", "500",
				"spring.kafka.admin.auto-create", "false",
				"promo.outbox.resubmit-every", "1h"))) {
			ActivityService activities = first.getBean(ActivityService.class);
			Instant opens = Instant.now().plus(Duration.ofDays(1));
			Activity activity = activities.create(new ActivityDraft("Outbox", null, ActivityKind.COUPON,
					Set.of("310000"), Set.of(CouponType.AMOUNT_OFF), 0L, 100L, opens, opens.plusSeconds(60),
					opens.plusSeconds(120), opens.plusSeconds(180)));
			activities.publish(activity.id());
			id = String.valueOf(activity.id());
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM EVENT_PUBLICATION WHERE COMPLETION_DATE IS NULL",
					Integer.class))
				.as("the unsent event waits in the outbox")
				.isEqualTo(1);
		}

		try (TopicRecorder recorder = new TopicRecorder(Topic.ACTIVITY_EVENTS.wireName());
				ConfigurableApplicationContext second = start(common,
						Map.of("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers()))) {
			List<EventEnvelope> events = recorder.await(e -> e.key().equals(id), seen -> !seen.isEmpty(), Duration.ofSeconds(30));
			assertThat(events).extracting(EventEnvelope::type).containsExactly("ActivityPublished");
		}
	}

	private static ConfigurableApplicationContext start(Map<String, Object> common, Map<String, Object> specific) {
		java.util.Map<String, Object> properties = new java.util.HashMap<>(common);
		properties.putAll(specific);
		// as command-line arguments, so that they win over application.yml
		String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new SpringApplicationBuilder(ActivityServiceApplication.class).run(args);
	}

}
