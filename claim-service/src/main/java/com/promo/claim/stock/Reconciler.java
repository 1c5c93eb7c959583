package com.promo.claim.stock;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.promo.claim.ClaimProperties;
import com.promo.claim.claim.ClaimRebuilder;
import com.promo.claim.claim.ClaimState;
import com.promo.claim.claim.Claims;
import com.promo.claim.template.TemplateState;
import com.promo.claim.template.TemplateStates;
import com.promo.contracts.EventCodec;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps Redis honest: claims pending longer than {@code promo.claim.redrive-after} are handed to the
 * wallet again (a send lost in a crash, a Redis that forgot them in a failover), and the remaining
 * stock is set to total − issued − pending, in either direction, and the drift reported. Runs every
 * {@code promo.claim.reconcile-interval} for enabled templates and on demand.
 */
@Component
public class Reconciler implements SchedulingConfigurer {

	public record Report(String templateId, long total, long issued, long pending, long remainingBefore,
			long remainingAfter, long drift, int redriven) {
	}

	private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

	private final TemplateStates templates;

	private final ClaimState state;

	private final Claims claims;

	private final ClaimRebuilder rebuilder;

	private final KafkaTemplate<String, byte[]> kafka;

	private final ClaimProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	/** Templates whose remaining and pending stock are already exported as gauges. */
	private final Set<Long> gauged = java.util.concurrent.ConcurrentHashMap.newKeySet();

	Reconciler(TemplateStates templates, ClaimState state, Claims claims, ClaimRebuilder rebuilder,
			KafkaTemplate<String, byte[]> kafka, ClaimProperties properties, MeterRegistry meters, Clock clock) {
		this.templates = templates;
		this.state = state;
		this.claims = claims;
		this.rebuilder = rebuilder;
		this.kafka = kafka;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		// the first round after one interval: at start-up the warm-up rebuilds what Redis misses
		registrar.addFixedDelayTask(new FixedDelayTask(this::reconcileEnabled, this.properties.reconcileInterval(),
				this.properties.reconcileInterval()));
	}

	void reconcileEnabled() {
		for (TemplateState template : this.templates.findEnabled()) {
			try {
				Report report = reconcile(template);
				if (report.drift() != 0 || report.redriven() > 0) {
					log.info("reconciled {}", report);
				}
			}
			catch (RuntimeException ex) {
				log.warn("reconciling template {} failed, the next round retries: {}", template.templateId(),
						ex.getMessage());
			}
		}
	}

	public Report reconcile(long templateId) {
		return reconcile(this.templates.find(templateId)
			.orElseThrow(() -> ProblemException.notFound("coupon template " + templateId)));
	}

	private Report reconcile(TemplateState template) {
		long templateId = template.templateId();
		if (!this.state.exists(templateId)) {
			this.rebuilder.rebuild(template);
		}
		List<Claims.Claim> unsettled = this.claims.unsettled(templateId);
		int redriven = redrive(templateId, unsettled);
		long issued = this.claims.countIssued(templateId);
		long[] result = this.state.reconcile(templateId, template.totalStock(), issued,
				unsettled.stream().map(Claims.Claim::claimId).toList());
		long drift = result[1] - result[0];
		this.meters.counter("promo.stock.drift", "direction", drift > 0 ? "up" : "down").increment(Math.abs(drift));
		if (this.gauged.add(templateId)) {
			List<io.micrometer.core.instrument.Tag> tags = List.of(io.micrometer.core.instrument.Tag.of("template",
					String.valueOf(templateId)));
			this.meters.gauge("promo.stock.remaining", tags, this.state, s -> s.remaining(templateId));
			this.meters.gauge("promo.stock.pending", tags, this.state, s -> s.pendingCount(templateId));
		}
		return new Report(String.valueOf(templateId), template.totalStock(), issued, result[2], result[0], result[1],
				drift, redriven);
	}

	/**
	 * Walks Redis's pending claims: a claim the ledger already knows as settled leaves the pending
	 * set (a failover can lose the removal), one pending for too long is handed to the wallet again
	 * (settling twice is harmless); so is one the database holds as accepted but Redis forgot.
	 */
	private int redrive(long templateId, List<Claims.Claim> unsettled) {
		Instant now = this.clock.instant();
		Instant cutoff = now.minus(this.properties.redriveAfter());
		List<ClaimState.PendingClaim> pending = this.state.pendingBefore(templateId, now);
		Map<String, Claims.Claim> known = this.claims.findAll(pending.stream().map(ClaimState.PendingClaim::claimId).toList());
		Set<String> sent = new HashSet<>();
		for (ClaimState.PendingClaim claim : pending) {
			Claims.Claim ledger = known.get(claim.claimId());
			if (ledger != null && !ledger.status().equals("ACCEPTED")) {
				this.state.settle(templateId, claim.claimId(), ledger.status(), ledger.code(), claim.userId());
			}
			else if (claim.claimedAt().isBefore(cutoff)) {
				send(templateId, claim.claimId(), claim.userId(), claim.claimedAt());
				sent.add(claim.claimId());
			}
		}
		for (Claims.Claim claim : unsettled) {
			if (claim.claimedAt().isBefore(cutoff) && !sent.contains(claim.claimId())) {
				send(templateId, claim.claimId(), String.valueOf(claim.userId()), claim.claimedAt());
				sent.add(claim.claimId());
			}
		}
		this.meters.counter("promo.claims.redriven").increment(sent.size());
		return sent.size();
	}

	private void send(long templateId, String claimId, String userId, Instant claimedAt) {
		ClaimAccepted claim = new ClaimAccepted(UUID.randomUUID().toString(), claimId, String.valueOf(templateId), userId,
				claimedAt, this.clock.instant());
		try {
			this.kafka.send(claim.eventType().topic().wireName(), claim.key(), EventCodec.encode(claim.toEnvelope()))
				.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("re-driving claim " + claimId + " failed", ex);
		}
	}

}
