package com.promo.coupon.wallet;

import java.util.concurrent.TimeUnit;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
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

	@KafkaListener(topics = "promo.claim-events")
	void onClaimEvent(ConsumerRecord<String, byte[]> record) throws Exception {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		if (!envelope.is(ClaimAccepted.TYPE)) {
			return;
		}
		ClaimSettled settled = this.issuance.settle(EventCodec.payload(envelope, ClaimAccepted.TYPE));
		this.kafka.send(settled.eventType().topic().wireName(), settled.key(), EventCodec.encode(settled.toEnvelope()))
			.get(10, TimeUnit.SECONDS);
	}

}
