package com.promo.runtime;

import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.MalformedEventException;
import com.promo.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every service that talks to Kafka gets: the platform's topics (and their dead-letter
 * topics) created when missing, a {@code kafka} health indicator for the readiness group, and the
 * consumers' error handling.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnBean(KafkaAdmin.class)
@EnableConfigurationProperties(PromoKafkaProperties.class)
public class PromoRuntimeAutoConfiguration {

	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, PromoKafkaProperties properties) {
		return new KafkaHealthIndicator(kafkaAdmin, properties.healthTimeout());
	}

	/**
	 * What a consumer does with a record it cannot apply. A record that can never be read
	 * ({@link MalformedEventException}) goes at once to {@code <topic>.DLT}; any other failure (the
	 * database is down, say) is retried with growing pauses (up to 30 s) for as long as it takes,
	 * holding back the records behind it rather than losing or reordering them.
	 */
	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> kafka) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + ".DLT", -1));
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(30_000);
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(MalformedEventException.class);
		return handler;
	}

	@Bean
	KafkaAdmin.NewTopics promoTopics(PromoKafkaProperties properties) {
		List<NewTopic> topics = new ArrayList<>();
		for (Topic topic : Topic.values()) {
			topics.add(TopicBuilder.name(topic.wireName())
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor())
				.build());
			topics.add(TopicBuilder.name(topic.deadLetterName())
				.partitions(1)
				.replicas(properties.replicationFactor())
				.build());
		}
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

}
