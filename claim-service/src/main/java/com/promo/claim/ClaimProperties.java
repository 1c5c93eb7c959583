package com.promo.claim;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of claim-service.
 *
 * @param freezeThreshold when a claim leaves fewer units than this, it is settled by the wallet's
 * database before the answer (slower, exact) instead of asynchronously; 0 turns the freeze off
 * @param sendTimeout how long a claim waits for Kafka to acknowledge it before the wallet's
 * database settles it instead
 * @param redriveAfter a claim still pending after this long is sent to the wallet again
 * @param reconcileInterval how often every enabled template's stock is checked and repaired
 * @param templateCacheTtl how long an instance keeps a template's metadata in memory
 * @param soldOutTtl how long an instance answers SOLD_OUT from memory once Redis said so
 * @param stateRetention how long the Redis claim state outlives the claim window (idempotency keys
 * are kept at least this long)
 * @param walletUrl coupon-service, for the exact settlement of frozen units
 * @param walletTimeout how long a frozen unit's claim (or one Kafka did not acknowledge) waits for
 * the wallet's answer; past it the outcome is unknown and the claim settles asynchronously (its
 * unit is not given back)
 * @param maxInFlight claims one instance works on at once; past it a claim is refused at once with
 * 503 (nothing taken), so a load above capacity is shed instead of piling up until the JVM runs out
 * of memory; 0 = no bound
 * @param replicaAckTimeout how long a reservation waits for one replica to acknowledge it (Redis
 * {@code WAIT 1 <timeout>}, pipelined with the claim script) before the claim goes on without it; 0
 * turns the wait off
 * @param replicaAckConnections connections (each one to every master) that carry the claim script
 * and its WAIT; WAIT holds its connection until the ack, so concurrent claims need several
 */
@ConfigurationProperties("promo.claim")
public record ClaimProperties(@DefaultValue("10") int freezeThreshold, @DefaultValue("5s") Duration sendTimeout,
		@DefaultValue("60s") Duration redriveAfter, @DefaultValue("60s") Duration reconcileInterval,
		@DefaultValue("5s") Duration templateCacheTtl, @DefaultValue("2s") Duration soldOutTtl,
		@DefaultValue("24h") Duration stateRetention, @DefaultValue("http://127.0.0.1:8082") String walletUrl,
		@DefaultValue("50ms") Duration replicaAckTimeout, @DefaultValue("8") int replicaAckConnections,
		@DefaultValue("3s") Duration walletTimeout, @DefaultValue("256") int maxInFlight) {
}
