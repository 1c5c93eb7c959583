package com.promo.claim.claim;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * claim-service's ledger follows the claims it accepted (its own events) and their settlements
 * (the wallet's): every claim ends ISSUED or REJECTED, visible on {@code GET /api/claims/{id}}, and
 * leaves Redis's pending set. Both consumers take whole poll batches (one multi-row statement for
 * the ledger, one settle script per template for Redis) and are idempotent; a settlement that
 * arrives before the acceptance still lands. An unreadable record is named to the error handler,
 * which sends it alone to the dead-letter topic; the records before it are recorded first.
 * Each record is read in its own trace ({@link RecordTracing}): its DEBUG line carries the trace id
 * of the claim's request.
 */
@Component
class ClaimLedgerListener {

	private static final Logger log = LoggerFactory.getLogger(ClaimLedgerListener.class);

	private final Claims claims;

	private final ClaimStore store;

	private final Clock clock;

	private final RecordTracing tracing;

	ClaimLedgerListener(Claims claims, ClaimStore store, Clock clock, RecordTracing tracing) {
		this.claims = claims;
		this.store = store;
		this.clock = clock;
		this.tracing = tracing;
	}

	@KafkaListener(topics = "promo.claim-events", batch = "true",
			properties = { "fetch.min.bytes=${promo.kafka.batch-fetch-min-bytes}", "fetch.max.wait.ms=${promo.kafka.batch-fetch-max-wait-ms}" })
	void onClaimsAccepted(List<ConsumerRecord<String, byte[]>> records) {
		List<ClaimAccepted> accepted = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				ClaimAccepted claim = this.tracing.call(record, () -> acceptedIn(record));
				if (claim != null) {
					accepted.add(claim);
				}
			}
			catch (MalformedEventException ex) {
				this.claims.insertAccepted(accepted);
				throw new BatchListenerFailedException(ex.getMessage(), ex, record);
			}
		}
		this.claims.insertAccepted(accepted);
	}

	@KafkaListener(topics = "promo.coupon-issued-events", batch = "true",
			properties = { "fetch.min.bytes=${promo.kafka.batch-fetch-min-bytes}", "fetch.max.wait.ms=${promo.kafka.batch-fetch-max-wait-ms}" })
	void onClaimsSettled(List<ConsumerRecord<String, byte[]>> records) {
		List<ClaimSettled> settled = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				ClaimSettled settlement = this.tracing.call(record, () -> settledIn(record));
				if (settlement != null) {
					settled.add(settlement);
				}
			}
			catch (MalformedEventException ex) {
				record(settled);
				throw new BatchListenerFailedException(ex.getMessage(), ex, record);
			}
		}
		record(settled);
	}

	private static ClaimAccepted acceptedIn(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		if (!envelope.is(ClaimAccepted.TYPE)) {
			return null;
		}
		ClaimAccepted claim = EventCodec.payload(envelope, ClaimAccepted.TYPE);
		log.debug("claim {} to the ledger as accepted", claim.claimId());
		return claim;
	}

	private static ClaimSettled settledIn(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		for (var type : List.of(ClaimSettled.ISSUED, ClaimSettled.REJECTED)) {
			if (envelope.is(type)) {
				ClaimSettled settled = EventCodec.payload(envelope, type);
				log.debug("claim {} to the ledger as {}", settled.claimId(), settled.outcome());
				return settled;
			}
		}
		return null;
	}

	/** The ledger first: when Redis fails after it, the redelivered batch changes nothing there. */
	private void record(List<ClaimSettled> settled) {
		if (settled.isEmpty()) {
			return;
		}
		this.claims.settle(settled, ClaimSettled::occurredAt, this.clock.instant());
		Map<Long, List<ClaimStore.Settlement>> byTemplate = new LinkedHashMap<>();
		for (ClaimSettled s : settled) {
			byTemplate.computeIfAbsent(Long.parseLong(s.templateId()), t -> new ArrayList<>())
				.add(new ClaimStore.Settlement(s.claimId(), s.outcome().name(), s.code(), s.userId()));
		}
		byTemplate.forEach(this.store::settle);
	}

}
