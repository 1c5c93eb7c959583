package com.promo.claim.template;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.coupon.TemplateChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the templates claim-service guards from coupon-service's template events (both versions:
 * a version 1 snapshot is a COUPON activity's). Idempotent and order-tolerant: only a newer version
 * changes anything; then the catalog forgets the template and {@link TemplateStateChanged} tells
 * the claim feature, which brings Redis up to date, in this same thread (a failure there fails the
 * record, which is redelivered).
 */
@Component
class TemplateEventsListener {

	private final TemplateStates states;

	private final TemplateCatalog catalog;

	private final ApplicationEventPublisher publisher;

	TemplateEventsListener(TemplateStates states, TemplateCatalog catalog, ApplicationEventPublisher publisher) {
		this.states = states;
		this.catalog = catalog;
		this.publisher = publisher;
	}

	@KafkaListener(topics = "promo.coupon-template-events")
	void onTemplateEvent(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		TemplateChanged.readableTypes().stream().filter(envelope::is).findFirst().ifPresent(type -> {
			TemplateState state = TemplateState.of(EventCodec.payload(envelope, type).template());
			if (!this.states.saveIfNewer(state)) {
				return;
			}
			this.catalog.evict(state.templateId());
			this.publisher.publishEvent(new TemplateStateChanged(state));
		});
	}

}
