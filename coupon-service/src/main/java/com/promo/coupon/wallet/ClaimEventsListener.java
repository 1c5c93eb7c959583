package com.promo.coupon.wallet;

import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.claim.ClaimAccepted;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Settles accepted claims (promo.claim-events, keyed by user: one user's claims in order) a poll
 * batch at a time ({@link Settlement}) and answers each on promo.coupon-issued-events. The
 * settlements are sent before the listener returns, so the batch's offsets are committed only
 * after Kafka has them: a crash anywhere makes Kafka redeliver, and the claims settle again to the
 * same result. The container's id lets operations pause and resume the settlement (the consumer
 * group stays the service's own).
 */
@Component
class ClaimEventsListener {

	static final String ID = "wallet-settlement";

	private final Settlement settlement;

	private final SettlementEvents events;

	ClaimEventsListener(Settlement settlement, SettlementEvents events) {
		this.settlement = settlement;
		this.events = events;
	}

	/**
	 * An unreadable record is named to the error handler (BatchListenerFailedException) once the
	 * records before it are settled: it alone goes to the dead-letter topic and the batch goes on
	 * after it.
	 */
	@KafkaListener(id = ID, idIsGroup = false, topics = "#{T(com.promo.contracts.Topic).CLAIM_EVENTS.wireName()}", batch = "true",
			properties = { "fetch.min.bytes=${promo.kafka.batch-fetch-min-bytes}", "fetch.max.wait.ms=${promo.kafka.batch-fetch-max-wait-ms}" })
	void onClaimEvents(List<ConsumerRecord<String, byte[]>> records) throws Exception {
		List<ClaimAccepted> claims = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
				if (envelope.is(ClaimAccepted.TYPE)) {
					claims.add(EventCodec.payload(envelope, ClaimAccepted.TYPE));
				}
			}
			catch (MalformedEventException ex) {
				this.events.publish(this.settlement.settle(claims));
				throw new BatchListenerFailedException(ex.getMessage(), ex, record);
			}
		}
		this.events.publish(this.settlement.settle(claims));
	}

}
