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

	/** Sends them all at once (the producer batches them) and returns once Kafka has every one. */
	void publish(List<ClaimSettled> settlements) throws Exception {
		CompletableFuture<?>[] sent = settlements.stream()
			.map(settled -> this.kafka.send(settled.eventType().topic().wireName(), settled.key(),
					EventCodec.encode(settled.toEnvelope())))
			.toArray(CompletableFuture[]::new);
		CompletableFuture.allOf(sent).get(30, TimeUnit.SECONDS);
	}

}
