package com.promo.claim.flashsale;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The business meters of flash sales, counters whose per-minute rates the dashboards show
 * ({@code rate(promo_flash_sale_orders_total[1m]) * 60}): {@code promo.flash-sale.tokens},
 * {@code .orders}, {@code .payments} by result, {@code .expiries}, {@code .reconciliations}.
 */
@Component
class FlashSaleMeters {

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	FlashSaleMeters(MeterRegistry registry) {
		this.registry = registry;
		// registered at start: the discrepancy alert tells "none found" (0) from "no such metric"
		for (String kind : List.of("matched", "missingInternal", "missingExternal", "amountMismatches")) {
			reconciliation(kind, 0);
		}
	}

	void token(String result) {
		count("promo.flash-sale.tokens", result);
	}

	void order(String result) {
		count("promo.flash-sale.orders", result);
	}

	/** A reservation Kafka did not acknowledge, recorded in the ledger directly. */
	void notHandedOff() {
		this.counters
			.computeIfAbsent("not-handed-off", k -> this.registry.counter("promo.flash-sale.orders.not.handed.off"))
			.increment();
	}

	void payment(String result) {
		count("promo.flash-sale.payments", result);
	}

	void expired(int units) {
		this.counters.computeIfAbsent("expiries", k -> this.registry.counter("promo.flash-sale.expiries")).increment(units);
	}

	void reconciliation(String kind, int count) {
		this.counters
			.computeIfAbsent("recon:" + kind,
					k -> this.registry.counter("promo.flash-sale.reconciliation.items", "kind", kind))
			.increment(count);
	}

	private void count(String name, String result) {
		this.counters.computeIfAbsent(name + ":" + result, k -> this.registry.counter(name, "result", result))
			.increment();
	}

}
