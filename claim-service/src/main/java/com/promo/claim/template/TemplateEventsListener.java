package com.promo.claim.template;

import java.util.Map;

import com.promo.claim.ClaimProperties;
import com.promo.claim.claim.ClaimState;
import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Warms Redis from template events: {@code TemplateEnabled} loads the claim state with the full
 * stock; later status changes (terminated, ended, expired) reach Redis at once, so claims stop.
 * Idempotent and order-tolerant: only a newer version changes anything.
 */
@Component
class TemplateEventsListener {

	private final TemplateStates states;

	private final ClaimState claimState;

	private final TemplateCatalog catalog;

	private final ClaimProperties properties;

	TemplateEventsListener(TemplateStates states, ClaimState claimState, TemplateCatalog catalog,
			ClaimProperties properties) {
		this.states = states;
		this.claimState = claimState;
		this.catalog = catalog;
		this.properties = properties;
	}

	@KafkaListener(topics = "promo.coupon-template-events")
	void onTemplateEvent(ConsumerRecord<String, byte[]> record) {
		EventEnvelope envelope = EventCodec.decodeEnvelope(record.value());
		TemplateChanged.types().stream().filter(envelope::is).findFirst().ifPresent(type -> {
			TemplateState state = TemplateState.of(EventCodec.payload(envelope, type).template());
			if (!this.states.saveIfNewer(state)) {
				return;
			}
			this.catalog.evict(state.templateId());
			// a new template has nothing to guard yet; a final one only needs Redis told if it is there
			if (state.status() == TemplateStatus.ENABLED || this.claimState.exists(state.templateId())) {
				this.claimState.warm(state, state.totalStock(), Map.of(), this.properties.stateRetention());
			}
		});
	}

}
