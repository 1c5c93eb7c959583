package com.promo.runtime;

import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What every service that talks to Kafka gets: the platform's topics (and their dead-letter
 * topics) created when missing, and a {@code kafka} health indicator for the readiness group.
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
