package com.promo.claim.claim;

import java.time.Duration;
import java.util.Map;

import com.promo.claim.ClaimProperties;
import com.promo.claim.template.TemplateState;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Rebuilds a template's claim state that Redis lost (eviction, a replaced node) from the database:
 * remaining = total − issued − pending, with each user's claims. One caller in the whole platform
 * does it (a short Redis lock); everybody else waits for the state to appear. The warm script only
 * writes stock into a state that does not exist yet, so a late second rebuild changes nothing.
 */
@Component
public class ClaimRebuilder {

	private static final Duration WAIT = Duration.ofSeconds(3);

	private final ClaimStore store;

	private final Claims claims;

	private final ClaimProperties properties;

	private final MeterRegistry meters;

	ClaimRebuilder(ClaimStore store, Claims claims, ClaimProperties properties, MeterRegistry meters) {
		this.store = store;
		this.claims = claims;
		this.properties = properties;
		this.meters = meters;
	}

	public void rebuild(TemplateState template) {
		long id = template.templateId();
		if (this.store.tryRebuildLock(id)) {
			try {
				if (!this.store.exists(id)) {
					long issued = this.claims.countIssued(id);
					long pending = this.claims.unsettled(id).size();
					Map<Long, Integer> perUser = this.claims.claimsPerUser(id);
					this.store.warm(template, template.totalStock() - issued - pending, perUser,
							this.properties.stateRetention());
					this.meters.counter("promo.claim.rebuilds").increment();
				}
			}
			finally {
				this.store.releaseRebuildLock(id);
			}
			return;
		}
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!this.store.exists(id)) {
			if (System.nanoTime() > deadline) {
				throw new ProblemException(ProblemCode.UNAVAILABLE, "claims are being restored; retry");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ProblemException(ProblemCode.UNAVAILABLE, "interrupted");
			}
		}
	}

}
