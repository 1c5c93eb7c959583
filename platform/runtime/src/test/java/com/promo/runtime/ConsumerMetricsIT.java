package com.promo.runtime;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.promo.contracts.MalformedEventException;
import com.promo.contracts.Topic;
import com.promo.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumers' own metrics on the real broker: records sent to a dead-letter topic are counted
 * (every platform topic's counter there at 0 from the start), and {@code promo.kafka.consumer.lag}
 * says how old the oldest record not processed yet is, 0 once the consumer has read everything.
 */
class ConsumerMetricsIT {

	static final String TOPIC = "it-consumer-metrics-" + UUID.randomUUID();

	/** Not a UUID: a group named with one is tagged with "random" in its place. */
	static final String GROUP = "it-consumer-metrics-" + System.nanoTime();

	@Configuration(proxyBeanMethods = false)
	static class Listening {

		final CountDownLatch release = new CountDownLatch(1);

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		org.apache.kafka.clients.admin.NewTopic topic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

		@KafkaListener(id = "it-consumer-metrics", idIsGroup = false, topics = "${it.topic}")
		void onRecord(String value) throws InterruptedException {
			if (value.equals("malformed")) {
				throw new MalformedEventException("cannot be read", null);
			}
			if (value.equals("slow")) {
				this.release.await(60, TimeUnit.SECONDS);
			}
		}

	}

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, ClockAutoConfiguration.class,
				PromoRuntimeAutoConfiguration.class))
		.withUserConfiguration(Listening.class)
		.withPropertyValues("spring.kafka.bootstrap-servers=" + TestInfrastructure.get().kafkaBootstrapServers(),
				"spring.kafka.consumer.group-id=" + GROUP, "spring.kafka.consumer.auto-offset-reset=earliest",
				"it.topic=" + TOPIC);

	@Test
	void aRecordSentToItsDeadLetterTopicIsCountedAndEveryTopicsCounterStartsAtZero() {
		this.contexts.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			for (Topic topic : Topic.values()) {
				Counter counter = meters.find("promo.kafka.dead-letters").tag("topic", topic.deadLetterName()).counter();
				assertThat(counter).as("the counter of %s", topic.deadLetterName()).isNotNull();
				assertThat(counter.count()).isZero();
			}
			@SuppressWarnings("unchecked")
			KafkaTemplate<Object, Object> kafka = context.getBean(KafkaTemplate.class);
			kafka.send(TOPIC, "malformed").get();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				Counter counter = meters.find("promo.kafka.dead-letters").tag("topic", TOPIC + ".DLT").counter();
				assertThat(counter).isNotNull();
				assertThat(counter.count()).isEqualTo(1);
			});
		});
	}

	@Test
	void theLagInSecondsIsTheAgeOfTheOldestRecordNotProcessedAndZeroOnceAllAre() {
		this.contexts.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			Listening listening = context.getBean(Listening.class);
			@SuppressWarnings("unchecked")
			KafkaTemplate<Object, Object> kafka = context.getBean(KafkaTemplate.class);
			// produced (by its timestamp) two minutes ago, and held by the listener until released
			long twoMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(2).toMillis();
			kafka.send(new ProducerRecord<>(TOPIC, null, twoMinutesAgo, null, "slow")).get();
			kafka.send(TOPIC, "next").get();

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(lag(meters)).isGreaterThanOrEqualTo(120));
			listening.release.countDown();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lag(meters)).isZero());
		});
	}

	private static double lag(MeterRegistry meters) {
		Gauge gauge = meters.find("promo.kafka.consumer.lag").tag("topic", TOPIC).gauge();
		assertThat(gauge).as("the lag gauge on %s", TOPIC).isNotNull();
		assertThat(gauge.getId().getTag("group")).isEqualTo(GROUP);
		return gauge.value();
	}

}
