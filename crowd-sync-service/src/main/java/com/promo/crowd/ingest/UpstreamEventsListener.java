package com.promo.crowd.ingest;

import java.time.Clock;

import com.promo.contracts.social.FollowEvent;
import com.promo.contracts.trade.OrderEvent;
import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.relation.RelationService;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The real-time path: follows and orders from upstream, keyed by user id (so one user's events
 * come in order within a partition, though upstream may still send them late or twice). An event
 * that can never be applied goes to the dead-letter topic; a failure of the store or of Redis is
 * retried (runtime library's error handler).
 */
@Component
class UpstreamEventsListener {

	private final RelationService relations;

	private final Clock clock;

	private final CrowdSyncProperties properties;

	UpstreamEventsListener(RelationService relations, Clock clock, CrowdSyncProperties properties) {
		this.relations = relations;
		this.clock = clock;
		this.properties = properties;
	}

	@KafkaListener(topics = "social.follow-events")
	void onFollowEvent(ConsumerRecord<String, byte[]> record) {
		FollowEvent event = UpstreamEvents.follow(record.value(), this.clock, this.properties.maxEventSkew());
		long user = Long.parseLong(event.userId());
		long seller = Long.parseLong(event.sellerId());
		switch (event.type()) {
			case FOLLOW -> this.relations.follow(user, seller, event.occurredAt());
			case UNFOLLOW -> this.relations.unfollow(user, seller, event.occurredAt());
		}
	}

	@KafkaListener(topics = "trade.order-events")
	void onOrderEvent(ConsumerRecord<String, byte[]> record) {
		OrderEvent event = UpstreamEvents.order(record.value(), this.clock, this.properties.maxEventSkew());
		if (event.status() == OrderEvent.Status.PAID) {
			this.relations.purchase(Long.parseLong(event.userId()), Long.parseLong(event.sellerId()),
					event.occurredAt());
		}
		// a refund does not take a buyer out of buy_fans: having bought once is what counts
	}

}
