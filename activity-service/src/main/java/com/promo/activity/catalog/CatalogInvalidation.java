package com.promo.activity.catalog;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Every instance reads every activity event (its own consumer group, from the newest offset) and
 * evicts that activity from the caches, so a change shows everywhere within moments.
 */
@Component
class CatalogInvalidation {

	private static final Logger log = LoggerFactory.getLogger(CatalogInvalidation.class);

	private final ActivityCatalog catalog;

	CatalogInvalidation(ActivityCatalog catalog) {
		this.catalog = catalog;
	}

	@KafkaListener(topics = "promo.activity-events", groupId = "activity-catalog-${random.uuid}",
			properties = "auto.offset.reset=latest")
	void onActivityEvent(ConsumerRecord<String, byte[]> record) {
		try {
			this.catalog.evict(Long.parseLong(record.key()));
		}
		catch (NumberFormatException ex) {
			log.warn("ignoring an activity event with key {}", record.key());
		}
	}

}
