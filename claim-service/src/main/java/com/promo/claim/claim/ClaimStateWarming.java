package com.promo.claim.claim;

import java.util.Map;

import com.promo.claim.ClaimProperties;
import com.promo.claim.template.TemplateState;
import com.promo.claim.template.TemplateStateChanged;
import com.promo.contracts.coupon.TemplateStatus;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Warms Redis from template changes: an ENABLED template gets its claim state with the full
 * stock; later status changes (terminated, ended, expired) reach Redis at once, so claims stop.
 */
@Component
class ClaimStateWarming {

	private final ClaimStore store;

	private final ClaimProperties properties;

	ClaimStateWarming(ClaimStore store, ClaimProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	@EventListener
	void on(TemplateStateChanged changed) {
		TemplateState state = changed.state();
		// a new template has nothing to guard yet; a final one only needs Redis told if it is there
		if (state.status() == TemplateStatus.ENABLED || this.store.exists(state.templateId())) {
			this.store.warm(state, state.totalStock(), Map.of(), this.properties.stateRetention());
		}
	}

}
