package com.promo.coupon.listing;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.item.ItemChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps each listing's seller, city and prices from promo.item-events (idempotent, order-tolerant). */
@Component
class ItemEventsListener {

	private final ListingViews listings;

	ItemEventsListener(ListingViews listings) {
		this.listings = listings;
	}

	@KafkaListener(topics = "promo.item-events")
	void onItemEvent(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		if (envelope.is(ItemChanged.TYPE)) {
			this.listings.saveIfNewer(ListingView.of(EventCodec.payload(envelope, ItemChanged.TYPE).item()));
		}
	}

}
