package com.promo.coupon.binding;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Every instance evicts its listing caches on every template event (own group, newest offsets). */
@Component
class CatalogInvalidation {

	private final ListingCatalog catalog;

	CatalogInvalidation(ListingCatalog catalog) {
		this.catalog = catalog;
	}

	@KafkaListener(topics = "promo.coupon-template-events", groupId = "coupon-catalog-${random.uuid}",
			properties = "auto.offset.reset=latest")
	void onTemplateEvent(ConsumerRecord<String, byte[]> record) {
		this.catalog.evictAll();
	}

}
