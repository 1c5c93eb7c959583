package com.promo.coupon.wallet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.runtime.tracing.RecordTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>
 * Each claim's settlement is logged (DEBUG) and sent in its own record's trace ({@link RecordTracing}):
 * one batch mixes claims of many requests, and the settlement event continues the claim's trace
 * to claim-service.
 */
@Component
class ClaimEventsListener {

	static final String ID = "wallet-settlement";

	private static final Logger log = LoggerFactory.getLogger(ClaimEventsListener.class);

	private final Settlement settlement;

	private final SettlementEvents events;

	private final RecordTracing tracing;

	ClaimEventsListener(Settlement settlement, SettlementEvents events, RecordTracing tracing) {
		this.settlement = settlement;
		this.events = events;
		this.tracing = tracing;
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
		List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
				if (envelope.is(ClaimAccepted.TYPE)) {
					claims.add(EventCodec.payload(envelope, ClaimAccepted.TYPE));
					sources.add(record);
				}
			}
			catch (MalformedEventException ex) {
				settleAndAnswer(claims, sources);
				throw new BatchListenerFailedException(ex.getMessage(), ex, record);
			}
		}
		settleAndAnswer(claims, sources);
	}

	/** The batch's one settlement, then each claim's answer in that claim's trace. */
	private void settleAndAnswer(List<ClaimAccepted> claims, List<ConsumerRecord<String, byte[]>> sources)
			throws Exception {
		List<ClaimSettled> settled = this.settlement.settle(claims);
		List<CompletableFuture<?>> sent = new ArrayList<>(settled.size());
		for (int i = 0; i < settled.size(); i++) {
			ClaimSettled answer = settled.get(i);
			sent.add(this.tracing.call(sources.get(i), () -> {
				if (log.isDebugEnabled()) {
					log.debug("claim {} settled {} (user {}, template {}, coupon {}, code {})", answer.claimId(),
							answer.outcome(), answer.userId(), answer.templateId(), answer.couponId(), answer.code());
				}
				return this.events.send(answer);
			}));
		}
		this.events.awaitAll(sent);
	}

}
