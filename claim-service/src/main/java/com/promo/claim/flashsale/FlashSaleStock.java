package com.promo.claim.flashsale;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * A flash sale's units for the operators' stock view: {@code remaining} from Redis (what is still
 * handed out), {@code reserved}, {@code paid}, {@code expired} from the ledger's arbiter counters.
 * Once the ledger has caught up with the orders, {@code remaining + reserved + paid == total}.
 */
@Component
public class FlashSaleStock {

	/** {@code remaining} is -1 when Redis holds no state for the sale (it is rebuilt on the next order). */
	public record Units(long total, long remaining, long reserved, long paid, long expired) {
	}

	private final FlashSales sales;

	private final FlashSaleStore store;

	FlashSaleStock(FlashSales sales, FlashSaleStore store) {
		this.sales = sales;
		this.store = store;
	}

	/** Empty when the template is no flash sale. */
	public Optional<Units> of(long templateId) {
		return this.sales.counts(templateId)
			.map(c -> new Units(c.total(), this.store.remaining(templateId), c.reserved(), c.paid(), c.expired()));
	}

}
