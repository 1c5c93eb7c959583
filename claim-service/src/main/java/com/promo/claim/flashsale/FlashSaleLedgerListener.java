package com.promo.claim.flashsale;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.flashsale.FlashSaleReserved;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Persists the reservations claim-service handed to Kafka into its own ledger, keyed by
 * transaction id (idempotent: a redelivery finds the row). A reservation the arbiter refuses is
 * REJECTED, visible to the buyer on their transaction. An unreadable record goes to the
 * dead-letter topic (platform error handler); a database failure is retried.
 */
@Component
class FlashSaleLedgerListener {

	private static final Logger log = LoggerFactory.getLogger(FlashSaleLedgerListener.class);

	private final Transactions transactions;

	private final FlashSales sales;

	FlashSaleLedgerListener(Transactions transactions, FlashSales sales) {
		this.transactions = transactions;
		this.sales = sales;
	}

	@KafkaListener(topics = "promo.flash-sale-events")
	void onReserved(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		if (!envelope.is(FlashSaleReserved.TYPE)) {
			return;
		}
		FlashSaleReserved reserved = EventCodec.payload(envelope, FlashSaleReserved.TYPE);
		// the sale's row is written before Redis is ever warmed, so no order can precede it; a
		// reservation of a sale this ledger never had is someone else's (another database): skipped
		FlashSale sale = this.sales.find(Long.parseLong(reserved.templateId())).orElse(null);
		if (sale == null) {
			log.warn("reservation {} of unknown sale {} skipped", reserved.transactionId(), reserved.templateId());
			return;
		}
		Transaction.Status status = this.transactions.record(reserved, sale.perUserLimit());
		if (status == Transaction.Status.REJECTED) {
			log.warn("reservation {} of sale {} rejected by the ledger's arbiter", reserved.transactionId(),
					reserved.templateId());
		}
	}

}
