package com.promo.coupon.template;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.activity.ActivityTransitioned;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * coupon-service's view of activities comes from promo.activity-events, never from a synchronous
 * call. Event types it does not know are skipped (producers may add some).
 */
@Component
class ActivityEventsListener {

	private final TemplateService templates;

	ActivityEventsListener(TemplateService templates) {
		this.templates = templates;
	}

	@KafkaListener(topics = "promo.activity-events")
	void onActivityEvent(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		ActivityTransitioned.types()
			.stream()
			.filter(envelope::is)
			.findFirst()
			.ifPresent(type -> this.templates.onActivityChanged(EventCodec.payload(envelope, type).activity()));
	}

}
