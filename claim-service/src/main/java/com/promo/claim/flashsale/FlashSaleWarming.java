package com.promo.claim.flashsale;

import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Brings a sale's Redis state up to the ledger: settings always (newest version), stock and
 * buyers' counts only when Redis has none (a new sale, or a state lost with a failed-over master),
 * computed from the database's arbiter counters.
 */
@Component
class FlashSaleWarming {

	private final FlashSales sales;

	private final FlashSaleStore store;

	FlashSaleWarming(FlashSales sales, FlashSaleStore store) {
		this.sales = sales;
		this.store = store;
	}

	void warm(FlashSale sale) {
		FlashSales.Counts counts = this.sales.counts(sale.templateId())
			.orElse(new FlashSales.Counts(sale.totalStock(), 0, 0, 0, 0));
		long remaining = (long) sale.totalStock() - counts.reserved() - counts.paid();
		Map<Long, Integer> held = this.store.exists(sale.templateId()) ? Map.of() : this.sales.held(sale.templateId());
		this.store.warm(sale, remaining, held);
	}

	/** A missing state, rebuilt by one caller at a time; the others answer 503 meanwhile. */
	boolean rebuild(FlashSale sale) {
		if (!this.store.tryRebuildLock(sale.templateId())) {
			return false;
		}
		warm(sale);
		return true;
	}

}
