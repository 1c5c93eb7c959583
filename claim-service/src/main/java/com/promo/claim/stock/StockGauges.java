package com.promo.claim.stock;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import com.promo.claim.claim.ClaimStore;
import com.promo.claim.template.TemplateState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The stock gauges of live templates (enabled, claim window not ended), per instance:
 * {@code promo.stock.remaining{template}}, {@code promo.stock.pending{template}},
 * {@code promo.stock.issued{template}}, {@code promo.stock.drift.last{template}} (what the last
 * reconciliation of this instance moved {@code remaining} by, signed; 0 until one found drift) and
 * {@code promo.claims.pending.oldest.age{template}} (seconds the oldest pending claim has waited,
 * 0 when none). A scrape reads the figures held here, never Redis: a reconciliation records what it
 * read, and each round {@link #refresh} reads the live templates no reconciliation of this instance
 * recorded (a few Redis reads per template per round) and removes the gauges of the templates that
 * are no longer live, so the {@code template} tag only ever holds the live ones.
 */
@Component
class StockGauges {

	/**
	 * A template's stock as last read: {@code issued} as the ledger counted it (a reconciliation)
	 * or as Redis implies it (total − remaining − pending, a refresh); {@code drift} what the last
	 * reconciliation corrected; {@code oldestPending} null when no claim is pending.
	 */
	record Figures(long remaining, long pending, long issued, long drift, Instant oldestPending) {
	}

	private static final Logger log = LoggerFactory.getLogger(StockGauges.class);

	private final class Gauged {

		private volatile Figures figures;

		private volatile Instant recordedAt;

		private final List<Meter> meters;

		Gauged(long templateId, Figures figures) {
			this.figures = figures;
			this.recordedAt = StockGauges.this.clock.instant();
			Tags tags = Tags.of("template", Long.toString(templateId));
			this.meters = List.of(
					gauge("promo.stock.remaining", "Units a live template has left (as of the last reconciliation round)",
							(g) -> g.figures.remaining(), tags),
					gauge("promo.stock.pending",
							"Claims of a live template accepted by Redis and not settled by the wallet yet",
							(g) -> g.figures.pending(), tags),
					gauge("promo.stock.issued",
							"Coupons a live template has issued (the ledger's count at the last reconciliation)",
							(g) -> g.figures.issued(), tags),
					gauge("promo.stock.drift.last",
							"Units the last reconciliation moved a live template's remaining stock by (signed)",
							(g) -> g.figures.drift(), tags),
					Gauge.builder("promo.claims.pending.oldest.age", this, Gauged::oldestPendingAge)
						.description("How long the oldest pending claim of a live template has waited (0: none)")
						.baseUnit("seconds")
						.tags(tags)
						.register(StockGauges.this.registry));
		}

		private Gauge gauge(String name, String description, ToDoubleFunction<Gauged> value, Tags tags) {
			return Gauge.builder(name, this, value).description(description).tags(tags).register(StockGauges.this.registry);
		}

		void set(Figures figures) {
			this.figures = figures;
			this.recordedAt = StockGauges.this.clock.instant();
		}

		double oldestPendingAge() {
			Instant oldest = this.figures.oldestPending();
			return (oldest == null) ? 0
					: Math.max(0, StockGauges.this.clock.millis() - oldest.toEpochMilli()) / 1000.0;
		}

	}

	private final ClaimStore store;

	private final MeterRegistry registry;

	private final Clock clock;

	private final Map<Long, Gauged> gauged = new ConcurrentHashMap<>();

	StockGauges(ClaimStore store, MeterRegistry registry, Clock clock) {
		this.store = store;
		this.registry = registry;
		this.clock = clock;
	}

	/** What a reconciliation of this instance read (an ended template's figures go at the next refresh). */
	void record(long templateId, Figures figures) {
		this.gauged.compute(templateId, (id, known) -> {
			if (known == null) {
				return new Gauged(id, figures);
			}
			known.set(figures);
			return known;
		});
	}

	/**
	 * Gauges for the live templates among {@code enabled}: those not recorded since {@code roundStart}
	 * are read from Redis; the gauges of every other template are removed.
	 */
	void refresh(List<TemplateState> enabled, Instant roundStart) {
		Instant now = this.clock.instant();
		Map<Long, TemplateState> live = enabled.stream()
			.filter((template) -> template.claimEnd() == null || template.claimEnd().isAfter(now))
			.collect(Collectors.toMap(TemplateState::templateId, (template) -> template, (a, b) -> a));
		for (Long templateId : Set.copyOf(this.gauged.keySet())) {
			if (!live.containsKey(templateId)) {
				this.gauged.remove(templateId).meters.forEach(this.registry::remove);
			}
		}
		for (TemplateState template : live.values()) {
			long templateId = template.templateId();
			Gauged known = this.gauged.get(templateId);
			if (known != null && !known.recordedAt.isBefore(roundStart)) {
				continue;
			}
			try {
				long remaining = this.store.remaining(templateId);
				long pending = this.store.pendingCount(templateId);
				long drift = (known != null) ? known.figures.drift() : 0;
				record(templateId, new Figures(remaining, pending, template.totalStock() - remaining - pending, drift,
						this.store.oldestPending(templateId)));
			}
			catch (RuntimeException ex) {
				log.warn("reading the stock of template {} for its gauges failed, the next round retries: {}",
						templateId, ex.getMessage());
			}
		}
	}

	/** The templates that have gauges now. */
	Set<Long> gauged() {
		return Set.copyOf(this.gauged.keySet());
	}

}
