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
 * @param batchFetchMinBytes what the claim pipeline's batch listeners (the wallet's settlement,
 * claim-service's ledger) ask a fetch to bring at least; with {@code batchFetchMaxWaitMs} it turns a
 * stream of small fetches into fewer, fuller batches (fewer transactions and broker requests per
 * claim) at the price of that wait in the time from 201 to ISSUED. Read by the listeners'
 * annotations through placeholders, so the defaults are in promo-service-defaults.yml as well.
 * @param batchFetchMaxWaitMs how long such a fetch waits for {@code batchFetchMinBytes} (ms)
 */
@ConfigurationProperties("promo.kafka")
public record PromoKafkaProperties(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("3s") Duration healthTimeout, @DefaultValue("65536") int batchFetchMinBytes,
		@DefaultValue("50") int batchFetchMaxWaitMs) {
}
