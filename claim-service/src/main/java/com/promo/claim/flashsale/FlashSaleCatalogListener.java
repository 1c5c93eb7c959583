package com.promo.claim.flashsale;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateSnapshot;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the flash sales from coupon-service's template events: a SPECIAL_PRICE template of a
 * FLASH_SALE activity is stored (newest version wins, so redelivery and reordering change nothing)
 * and warmed into Redis. Its own consumer group (claim-service's group id + {@code -flash-sales}):
 * in the claim feature's group it would split the topic's partitions with the claim feature's
 * listener, and each would miss the other's events.
 */
@Component
class FlashSaleCatalogListener {

	private final FlashSales sales;

	private final FlashSaleWarming warming;

	FlashSaleCatalogListener(FlashSales sales, FlashSaleWarming warming) {
		this.sales = sales;
		this.warming = warming;
	}

	@KafkaListener(topics = "promo.coupon-template-events", groupId = "${spring.kafka.consumer.group-id}-flash-sales")
	void onTemplateEvent(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		TemplateChanged.readableTypes().stream().filter(envelope::is).findFirst().ifPresent(type -> {
			TemplateSnapshot template = EventCodec.payload(envelope, type).template();
			if (!FlashSale.isFlashSale(template)) {
				return;
			}
			FlashSale sale = FlashSale.of(template);
			// the database first: Redis is only ever warmed with a version the ledger knows
			this.sales.saveIfNewer(sale);
			this.sales.load(sale.templateId()).ifPresent(this.warming::warm);
		});
	}

}
