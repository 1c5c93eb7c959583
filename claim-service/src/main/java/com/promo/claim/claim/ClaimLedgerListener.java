package com.promo.claim.claim;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * claim-service's ledger follows the claims it accepted (its own events) and their settlements
 * (the wallet's): every claim ends ISSUED or REJECTED, visible on {@code GET /api/claims/{id}}, and
 * leaves Redis's pending set. Both consumers are idempotent; a settlement that arrives before the
 * acceptance still lands.
 */
@Component
class ClaimLedgerListener {

	private final Claims claims;

	private final ClaimStore store;

	private final Clock clock;

	ClaimLedgerListener(Claims claims, ClaimStore store, Clock clock) {
		this.claims = claims;
		this.store = store;
		this.clock = clock;
	}

	@KafkaListener(topics = "promo.claim-events", batch = "true")
	void onClaimsAccepted(List<ConsumerRecord<String, byte[]>> records) {
		List<ClaimAccepted> accepted = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
				if (envelope.is(ClaimAccepted.TYPE)) {
					accepted.add(EventCodec.payload(envelope, ClaimAccepted.TYPE));
				}
			}
			catch (MalformedEventException ex) {
				// the records before it are recorded; it alone goes to the dead-letter topic
				this.claims.insertAccepted(accepted);
				throw new BatchListenerFailedException(ex.getMessage(), ex, record);
			}
		}
		this.claims.insertAccepted(accepted);
	}

	@KafkaListener(topics = "promo.coupon-issued-events")
	void onClaimSettled(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		for (var type : List.of(ClaimSettled.ISSUED, ClaimSettled.REJECTED)) {
			if (envelope.is(type)) {
				ClaimSettled settled = EventCodec.payload(envelope, type);
				this.claims.settle(List.of(settled), ClaimSettled::occurredAt, this.clock.instant());
				this.store.settle(Long.parseLong(settled.templateId()), List.of(new ClaimStore.Settlement(
						settled.claimId(), settled.outcome().name(), settled.code(), settled.userId())));
			}
		}
	}

}
