package com.promo.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.promo.contracts.MalformedEventException;
import com.promo.contracts.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every service that talks to Kafka gets: the platform's topics (and their dead-letter
 * topics) created when missing, a {@code kafka} health indicator for the readiness group, the
 * consumers' error handling, and the consumers' metrics that Kafka's own do not give: records sent
 * to dead-letter topics ({@code promo.kafka.dead-letters{topic}}) and the lag in seconds
 * ({@link ConsumerLag}).
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
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<Object, Object> kafka, MeterRegistry meters) {
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + ".DLT", -1));
		// counted per dead-letter topic, every one registered at start: a healthy service answers 0
		Map<String, Counter> sent = new ConcurrentHashMap<>();
		for (Topic topic : Topic.values()) {
			sent.put(topic.deadLetterName(), deadLetters(meters, topic.deadLetterName()));
		}
		ConsumerRecordRecoverer deadLetters = (record, ex) -> {
			publisher.accept(record, ex);
			sent.computeIfAbsent(record.topic() + ".DLT", (name) -> deadLetters(meters, name)).increment();
		};
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(30_000);
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(MalformedEventException.class);
		return handler;
	}

	private static Counter deadLetters(MeterRegistry meters, String deadLetterTopic) {
		return Counter.builder("promo.kafka.dead-letters")
			.description("Records a consumer sent to a dead-letter topic")
			.tag("topic", deadLetterTopic)
			.register(meters);
	}

	@Bean
	ConsumerLag consumerLag(MeterRegistry meters, ObjectProvider<Clock> clock) {
		return new ConsumerLag(meters, clock.getIfAvailable(Clock::systemUTC));
	}

	/** Every listener container factory installs {@link ConsumerLag} as its record and batch interceptor. */
	@Bean
	static BeanPostProcessor consumerLagInterceptors(ObjectProvider<ConsumerLag> lag) {
		return new BeanPostProcessor() {
			@Override
			@SuppressWarnings("unchecked")
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
					AbstractKafkaListenerContainerFactory<?, Object, Object> containers = (AbstractKafkaListenerContainerFactory<?, Object, Object>) factory;
					containers.setRecordInterceptor(lag.getObject());
					containers.setBatchInterceptor(lag.getObject());
				}
				return bean;
			}
		};
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
