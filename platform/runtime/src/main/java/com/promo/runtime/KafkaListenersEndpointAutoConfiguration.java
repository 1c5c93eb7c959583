package com.promo.runtime;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** The {@code kafkalisteners} actuator endpoint in every service that has Kafka listeners. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaListenerEndpointRegistry.class)
@ConditionalOnBean(KafkaListenerEndpointRegistry.class)
public class KafkaListenersEndpointAutoConfiguration {

	@Bean
	@ConditionalOnAvailableEndpoint
	KafkaListenersEndpoint kafkaListenersEndpoint(KafkaListenerEndpointRegistry registry) {
		return new KafkaListenersEndpoint(registry);
	}

}
