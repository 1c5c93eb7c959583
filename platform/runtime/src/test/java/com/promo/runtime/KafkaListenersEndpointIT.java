package com.promo.runtime;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.promo.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The kafkalisteners endpoint pausing and resuming a real consumer on the real broker. */
class KafkaListenersEndpointIT {

	static final String TOPIC = "it-kafkalisteners-" + UUID.randomUUID();

	@Configuration(proxyBeanMethods = false)
	static class Listening {

		final List<String> received = new CopyOnWriteArrayList<>();

		@Bean
		org.apache.kafka.clients.admin.NewTopic topic() {
			return TopicBuilder.name(TOPIC).partitions(2).replicas(1).build();
		}

		@KafkaListener(id = "it-listener", idIsGroup = false, topics = "${it.topic}")
		void onRecord(String value) {
			this.received.add(value);
		}

	}

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaListenersEndpointAutoConfiguration.class))
		.withUserConfiguration(Listening.class)
		.withPropertyValues("spring.kafka.bootstrap-servers=" + TestInfrastructure.get().kafkaBootstrapServers(),
				"spring.kafka.consumer.group-id=it-kafkalisteners-" + UUID.randomUUID(),
				"spring.kafka.consumer.auto-offset-reset=earliest",
				"management.endpoints.web.exposure.include=kafkalisteners", "it.topic=" + TOPIC);

	@Test
	void listsEachListenerWithItsGroupTopicsAndState() {
		this.contexts.run(context -> {
			KafkaListenersEndpoint endpoint = context.getBean(KafkaListenersEndpoint.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(endpoint.listener("it-listener").state()));

			KafkaListenersEndpoint.Listener listener = endpoint.listeners().get("it-listener");
			assertThat(listener.groupId()).startsWith("it-kafkalisteners-");
			assertThat(listener.topics()).containsExactly(TOPIC);
		});
	}

	@Test
	void aPausedListenerTakesNoRecordUntilItIsResumed() {
		this.contexts.run(context -> {
			KafkaListenersEndpoint endpoint = context.getBean(KafkaListenersEndpoint.class);
			Listening listening = context.getBean(Listening.class);
			@SuppressWarnings("unchecked")
			KafkaTemplate<Object, Object> kafka = context.getBean(KafkaTemplate.class);
			kafka.send(TOPIC, "before").get();
			await().atMost(Duration.ofSeconds(30)).until(() -> listening.received.contains("before"));

			assertThat(endpoint.change("it-listener", "paused").getBody().state()).isIn("pausing", "paused");
			await().atMost(Duration.ofSeconds(30)).until(() -> "paused".equals(endpoint.listener("it-listener").state()));
			kafka.send(TOPIC, "while-paused").get();
			// a paused consumer keeps polling without taking records: give it several polls
			Thread.sleep(3000);
			assertThat(listening.received).doesNotContain("while-paused");
			assertThat(endpoint.listener("it-listener").state()).isEqualTo("paused");

			assertThat(endpoint.change("it-listener", "RUNNING").getBody().state()).isEqualTo("running");
			await().atMost(Duration.ofSeconds(30)).until(() -> listening.received.contains("while-paused"));
			assertThat(listening.received).containsExactly("before", "while-paused");
		});
	}

	@Test
	void anUnknownListenerIsNotFoundAndAnUnknownStateIsRefusedNamingTheField() {
		this.contexts.run(context -> {
			KafkaListenersEndpoint endpoint = context.getBean(KafkaListenersEndpoint.class);
			assertThat(endpoint.listener("no-such-listener")).isNull();
			assertThat(endpoint.change("no-such-listener", "paused").getStatus())
				.isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
			assertThatThrownBy(() -> endpoint.change("it-listener", "stopped"))
				.isInstanceOf(InvalidEndpointRequestException.class)
				.hasMessageStartingWith("state:");
			assertThat(endpoint.listener("it-listener").state()).isNotEqualTo("paused");
		});
	}

	@Test
	void noEndpointWithoutExposure() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaListenersEndpointAutoConfiguration.class))
			.withUserConfiguration(Listening.class)
			.withPropertyValues("spring.kafka.bootstrap-servers=" + TestInfrastructure.get().kafkaBootstrapServers(),
					"spring.kafka.listener.auto-startup=false", "it.topic=" + TOPIC)
			.run(context -> assertThat(context).doesNotHaveBean(KafkaListenersEndpoint.class));
	}

}
