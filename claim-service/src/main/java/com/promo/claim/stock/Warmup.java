package com.promo.claim.stock;

import com.promo.claim.claim.ClaimRebuilder;
import com.promo.claim.claim.ClaimStore;
import com.promo.claim.template.TemplateState;
import com.promo.claim.template.TemplateStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** At start-up, every enabled template whose claim state Redis does not have is rebuilt. */
@Component
class Warmup {

	private static final Logger log = LoggerFactory.getLogger(Warmup.class);

	private final TemplateStates templates;

	private final ClaimStore store;

	private final ClaimRebuilder rebuilder;

	Warmup(TemplateStates templates, ClaimStore store, ClaimRebuilder rebuilder) {
		this.templates = templates;
		this.store = store;
		this.rebuilder = rebuilder;
	}

	@EventListener(ApplicationReadyEvent.class)
	void warm() {
		for (TemplateState template : this.templates.findEnabled()) {
			try {
				if (!this.store.exists(template.templateId())) {
					this.rebuilder.rebuild(template);
				}
			}
			catch (RuntimeException ex) {
				log.warn("warming template {} failed; claims will rebuild it: {}", template.templateId(), ex.getMessage());
			}
		}
	}

}
