package com.promo.claim.template;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.promo.claim.ClaimProperties;

import org.springframework.stereotype.Component;

/**
 * Template metadata for the claim path (audience, limits) from memory for a few seconds, so the
 * hot path reads neither the database nor Redis for it; template events evict it at once.
 */
@Component
public class TemplateCatalog {

	private final TemplateStates states;

	private final Cache<Long, Optional<TemplateState>> cache;

	TemplateCatalog(TemplateStates states, ClaimProperties properties) {
		this.states = states;
		this.cache = Caffeine.newBuilder().expireAfterWrite(properties.templateCacheTtl()).maximumSize(100_000).build();
	}

	public Optional<TemplateState> get(long templateId) {
		return this.cache.get(templateId, this.states::find);
	}

	void evict(long templateId) {
		this.cache.invalidate(templateId);
	}

}
