package com.promo.claim.stock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.promo.claim.ClaimProperties;
import com.promo.claim.claim.ClaimEvents;
import com.promo.claim.claim.ClaimRebuilder;
import com.promo.claim.claim.ClaimStore;
import com.promo.claim.claim.Claims;
import com.promo.claim.template.TemplateState;
import com.promo.claim.template.TemplateStates;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.scheduling.ClusterJobs;
import com.promo.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps Redis honest: claims pending longer than {@code promo.claim.redrive-after} are handed to the
 * wallet again (a send lost in a crash, a Redis that forgot them in a failover), and the remaining
 * stock is set to total − issued − pending, in either direction, and the drift reported. Runs every
 * {@code promo.claim.reconcile-interval} for enabled templates, on one instance of the cluster per
 * round ({@link ClusterJobs}), and on demand.
 * <p>
 * The stock gauges stay per instance ({@link StockGauges}): every instance exports the stock of
 * every live template, whichever instance reconciled it, as of the last round.
 */
@Component
public class Reconciler implements SchedulingConfigurer {

	public record Report(String templateId, long total, long issued, long pending, long remainingBefore,
			long remainingAfter, long drift, int redriven) {
	}

	private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

	private final TemplateStates templates;

	private final ClaimStore store;

	private final Claims claims;

	private final ClaimRebuilder rebuilder;

	private final ClaimEvents events;

	private final ClaimProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	private final ClusterJobs jobs;

	private final StockGauges gauges;

	/** What a re-drive left pending: how many claims it sent, when the oldest still pending was made. */
	private record Redriven(int sent, Instant oldestPending) {
	}

	Reconciler(TemplateStates templates, ClaimStore store, Claims claims, ClaimRebuilder rebuilder,
			ClaimEvents events, ClaimProperties properties, MeterRegistry meters, Clock clock, ClusterJobs jobs,
			StockGauges gauges) {
		this.templates = templates;
		this.store = store;
		this.claims = claims;
		this.rebuilder = rebuilder;
		this.events = events;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		this.jobs = jobs;
		this.gauges = gauges;
		// registered at start, so that a platform without drift answers 0 rather than nothing
		meters.counter("promo.stock.drift", "direction", "up");
		meters.counter("promo.stock.drift", "direction", "down");
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration interval = this.properties.reconcileInterval();
		// a round is a few Redis and database reads per enabled template: seconds. Re-drives of lost
		// claims wait for it, so a holder that died mid-round stalls them for at most five intervals
		// (5 min by default); overlapping rounds are safe (on-demand ones race them already)
		Runnable reconcile = this.jobs.locked("claim-reconcile", interval, interval.multipliedBy(5),
				this::reconcileEnabled);
		// the first round after one interval: at start-up the warm-up rebuilds what Redis misses
		registrar.addFixedDelayTask(new FixedDelayTask(() -> {
			Instant roundStart = this.clock.instant();
			reconcile.run();
			refreshGauges(roundStart);
		}, interval, interval));
	}

	/** On every instance, whoever reconciles: the stock gauges of the live templates. */
	void refreshGauges(Instant roundStart) {
		try {
			this.gauges.refresh(this.templates.findEnabled(), roundStart);
		}
		catch (RuntimeException ex) {
			log.warn("listing the enabled templates for the stock gauges failed, the next round retries: {}",
					ex.getMessage());
		}
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
		if (!this.store.exists(templateId)) {
			this.rebuilder.rebuild(template);
		}
		List<Claims.Claim> unsettled = this.claims.unsettled(templateId);
		Redriven redriven = redrive(templateId, unsettled);
		// from here until the script a claim that leaves the pending set is remembered: it may be
		// issued after the count below was read (begun after the re-drive, whose own clean-up of
		// claims the ledger already counts as issued must not be counted twice)
		this.store.beginReconciliation(templateId);
		List<String> unsettledIds = unsettled.stream().map(Claims.Claim::claimId).toList();
		// which claims Redis may still count were decided when the issued count was read (one
		// snapshot of the ledger): those are not counted again, so the stock comes out exact
		Claims.Counted counted = this.claims.countIssued(templateId, () -> {
			Set<String> candidates = this.store.reconciliationCandidates(templateId);
			candidates.addAll(unsettledIds);
			return candidates;
		});
		long issued = counted.issued();
		ClaimStore.Reconciled result = this.store.reconcile(templateId, template.totalStock(), issued, unsettledIds,
				counted.decided());
		long drift = result.remainingAfter() - result.remainingBefore();
		this.meters.counter("promo.stock.drift", "direction", drift > 0 ? "up" : "down").increment(Math.abs(drift));
		this.gauges.record(templateId,
				new StockGauges.Figures(result.remainingAfter(), result.pending(), issued, drift,
						redriven.oldestPending()));
		return new Report(String.valueOf(templateId), template.totalStock(), issued, result.pending(),
				result.remainingBefore(), result.remainingAfter(), drift, redriven.sent());
	}

	/**
	 * Walks Redis's pending claims: a claim the ledger already knows as settled leaves the pending
	 * set (a failover can lose the removal), one pending for too long is handed to the wallet again
	 * (settling twice is harmless); so is one the database holds as accepted but Redis forgot.
	 */
	private Redriven redrive(long templateId, List<Claims.Claim> unsettled) {
		Instant now = this.clock.instant();
		Instant cutoff = now.minus(this.properties.redriveAfter());
		List<ClaimStore.PendingClaim> pending = this.store.pendingBefore(templateId, now);
		Map<String, Claims.Claim> known = this.claims.findAll(pending.stream().map(ClaimStore.PendingClaim::claimId).toList());
		Set<String> sent = new HashSet<>();
		List<ClaimStore.Settlement> settledMeanwhile = new ArrayList<>();
		Instant oldestPending = null;
		for (ClaimStore.PendingClaim claim : pending) {
			Claims.Claim ledger = known.get(claim.claimId());
			if (ledger != null && !ledger.status().equals("ACCEPTED")) {
				settledMeanwhile.add(new ClaimStore.Settlement(claim.claimId(), ledger.status(), ledger.code(),
						claim.userId()));
				continue;
			}
			if (oldestPending == null || claim.claimedAt().isBefore(oldestPending)) {
				oldestPending = claim.claimedAt();
			}
			if (claim.claimedAt().isBefore(cutoff)) {
				send(templateId, claim.claimId(), claim.userId(), claim.claimedAt());
				sent.add(claim.claimId());
			}
		}
		this.store.settle(templateId, settledMeanwhile);
		for (Claims.Claim claim : unsettled) {
			if (claim.claimedAt().isBefore(cutoff) && !sent.contains(claim.claimId())) {
				send(templateId, claim.claimId(), String.valueOf(claim.userId()), claim.claimedAt());
				sent.add(claim.claimId());
			}
		}
		this.meters.counter("promo.claims.redriven").increment(sent.size());
		return new Redriven(sent.size(), oldestPending);
	}

	private void send(long templateId, String claimId, String userId, Instant claimedAt) {
		try {
			this.events.send(new ClaimAccepted(UUID.randomUUID().toString(), claimId, String.valueOf(templateId), userId,
					claimedAt, this.clock.instant()));
		}
		catch (ClaimEvents.NotSent ex) {
			throw new IllegalStateException("re-driving claim " + claimId + " failed", ex);
		}
	}

}
