package com.promo.claim.flashsale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.flashsale.FlashSaleReserved;
import com.promo.runtime.tracing.RecordTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Persists the reservations claim-service handed to Kafka into its own ledger, keyed by
 * transaction id (idempotent: a redelivery finds the row), a whole poll in one database
 * transaction as the claim ledger does. A reservation the arbiter refuses is REJECTED, visible to
 * the buyer on their transaction. An unreadable record is named to the error handler, which sends
 * it alone to the dead-letter topic (the records before it are recorded first); a database failure
 * retries the batch.
 */
@Component
class FlashSaleLedgerListener {

	/** The container's id, e.g. to pause the ledger through {@code /actuator/kafkalisteners}. */
	static final String ID = "flash-sale-ledger";

	private static final Logger log = LoggerFactory.getLogger(FlashSaleLedgerListener.class);

	private final Transactions transactions;

	private final RecordTracing tracing;

	FlashSaleLedgerListener(Transactions transactions, RecordTracing tracing) {
		this.transactions = transactions;
		this.tracing = tracing;
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = "promo.flash-sale-events", batch = "true",
			properties = { "fetch.min.bytes=${promo.kafka.batch-fetch-min-bytes}", "fetch.max.wait.ms=${promo.kafka.batch-fetch-max-wait-ms}" })
	void onReserved(List<ConsumerRecord<String, byte[]>> records) {
		List<FlashSaleReserved> reserved = new ArrayList<>(records.size());
		Map<String, ConsumerRecord<String, byte[]>> sources = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
				if (envelope.is(FlashSaleReserved.TYPE)) {
					FlashSaleReserved reservation = EventCodec.payload(envelope, FlashSaleReserved.TYPE);
					reserved.add(reservation);
					sources.put(reservation.transactionId(), record);
				}
			}
			catch (MalformedEventException ex) {
				record(reserved, sources);
				throw new BatchListenerFailedException(ex.getMessage(), ex, record);
			}
		}
		record(reserved, sources);
	}

	/** A rejection is logged in its reservation's trace (the order request that reserved it). */
	private void record(List<FlashSaleReserved> reserved, Map<String, ConsumerRecord<String, byte[]>> sources) {
		if (reserved.isEmpty()) {
			return;
		}
		for (ArbiterRule.Verdict rejected : this.transactions.recordAll(reserved)) {
			this.tracing.run(sources.get(rejected.reservation().transactionId()),
					() -> log.warn("reservation {} of sale {} rejected by the ledger's arbiter ({})",
							rejected.reservation().transactionId(), rejected.reservation().templateId(), rejected.code()));
		}
	}

}
