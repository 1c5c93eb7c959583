package com.promo.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the platform's topics are created and checked.
 *
 * @param partitions partitions of every platform topic (keys keep per-user / per-template order)
 * @param replicationFactor replicas of every topic: 1 for the local single broker, 3 in production
 * @param healthTimeout how long the Kafka health check waits for the cluster to answer
 */
@ConfigurationProperties("promo.kafka")
public record PromoKafkaProperties(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("3s") Duration healthTimeout) {
}
