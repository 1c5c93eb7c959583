package com.promo.coupon.wallet;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.promo.contracts.EventCodec;
import com.promo.contracts.claim.ClaimSettled;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The one place coupon-service sends events itself rather than through the outbox: the wallet's
 * settlements (ARCHITECTURE.md: sent after the batch's transaction commits and before the consumed
 * offsets are committed; a redelivered claim gets the same decision and the same event again).
 */
@Component
class SettlementEvents {

	private final KafkaTemplate<String, byte[]> kafka;

	SettlementEvents(KafkaTemplate<String, byte[]> kafka) {
		this.kafka = kafka;
	}

	/**
	 * Hands one settlement to the producer (which batches them) and returns at once; the record
	 * carries the current trace (the template's observation writes {@code traceparent}).
	 */
	CompletableFuture<?> send(ClaimSettled settled) {
		return this.kafka.send(settled.eventType().topic().wireName(), settled.key(),
				EventCodec.encode(settled.toEnvelope()));
	}

	/** Returns once Kafka has every one of them. */
	void awaitAll(List<CompletableFuture<?>> sent) throws Exception {
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
	}

}
