package com.promo.pricing.price;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Every instance reads every item event ({@code ItemChanged}, {@code FanPriceChanged}; its own
 * consumer group, from the newest offset) and evicts that item from its near cache, so a change
 * made through any instance shows in all of them within moments.
 */
@Component
class CatalogInvalidation {

	private static final Logger log = LoggerFactory.getLogger(CatalogInvalidation.class);

	private final PriceCatalog catalog;

	CatalogInvalidation(PriceCatalog catalog) {
		this.catalog = catalog;
	}

	@KafkaListener(id = "pricing-catalog-invalidation", topics = "promo.item-events",
			groupId = "pricing-catalog-${random.uuid}", properties = "auto.offset.reset=latest")
	void onItemEvent(ConsumerRecord<String, byte[]> record) {
		try {
			this.catalog.evict(Long.parseLong(record.key()));
		}
		catch (NumberFormatException ex) {
			log.warn("ignoring an item event with key {}", record.key());
		}
	}

}
