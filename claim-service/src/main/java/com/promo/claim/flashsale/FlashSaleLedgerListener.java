package com.promo.claim.flashsale;

import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.flashsale.FlashSaleReserved;
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

	private static final Logger log = LoggerFactory.getLogger(FlashSaleLedgerListener.class);

	private final Transactions transactions;

	FlashSaleLedgerListener(Transactions transactions) {
		this.transactions = transactions;
	}

	@KafkaListener(topics = "promo.flash-sale-events", batch = "true",
			properties = { "fetch.min.bytes=${promo.kafka.batch-fetch-min-bytes}", "fetch.max.wait.ms=${promo.kafka.batch-fetch-max-wait-ms}" })
	void onReserved(List<ConsumerRecord<String, byte[]>> records) {
		List<FlashSaleReserved> reserved = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
				if (envelope.is(FlashSaleReserved.TYPE)) {
					reserved.add(EventCodec.payload(envelope, FlashSaleReserved.TYPE));
				}
			}
			catch (MalformedEventException ex) {
				record(reserved);
				throw new BatchListenerFailedException(ex.getMessage(), ex, record);
			}
		}
		record(reserved);
	}

	private void record(List<FlashSaleReserved> reserved) {
		if (reserved.isEmpty()) {
			return;
		}
		for (ArbiterRule.Verdict rejected : this.transactions.recordAll(reserved)) {
			log.warn("reservation {} of sale {} rejected by the ledger's arbiter ({})",
					rejected.reservation().transactionId(), rejected.reservation().templateId(), rejected.code());
		}
	}

}
