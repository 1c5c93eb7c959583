package com.promo.coupon.wallet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Persists accepted claims (promo.claim-events, keyed by user: one user's claims in order) and
 * answers each with its settlement on promo.coupon-issued-events. The settlement is sent before
 * the offset is committed, so a crash anywhere makes Kafka redeliver and the claim settle again,
 * to the same result.
 */
@Component
class ClaimEventsListener {

	private final Issuance issuance;

	private final KafkaTemplate<String, byte[]> kafka;

	ClaimEventsListener(Issuance issuance, KafkaTemplate<String, byte[]> kafka) {
		this.issuance = issuance;
		this.kafka = kafka;
	}

	/**
	 * A batch at a time: each claim is settled in turn (one user's claims stay in order), the
	 * settlements are sent without waiting one by one, and the batch's offsets are committed only
	 * after Kafka acknowledged all of them. An unreadable record is named to the error handler
	 * (BatchListenerFailedException) once the records before it are done: it alone goes to the
	 * dead-letter topic and the batch goes on after it.
	 */
	@KafkaListener(topics = "promo.claim-events", batch = "true")
	void onClaimEvents(List<ConsumerRecord<String, byte[]>> records) throws Exception {
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			ClaimAccepted claim;
			try {
				EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
				if (!envelope.is(ClaimAccepted.TYPE)) {
					continue;
				}
				claim = EventCodec.payload(envelope, ClaimAccepted.TYPE);
			}
			catch (MalformedEventException ex) {
				awaitSent(sent);
				throw new BatchListenerFailedException(ex.getMessage(), ex, record);
			}
			ClaimSettled settled = this.issuance.settle(claim);
			sent.add(this.kafka.send(settled.eventType().topic().wireName(), settled.key(),
					EventCodec.encode(settled.toEnvelope())));
		}
		awaitSent(sent);
	}

	private static void awaitSent(List<CompletableFuture<?>> sent) throws Exception {
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
	}

}
