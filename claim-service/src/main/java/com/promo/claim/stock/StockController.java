package com.promo.claim.stock;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.promo.claim.ClaimProperties;
import com.promo.claim.claim.ClaimStore;
import com.promo.claim.claim.Claims;
import com.promo.claim.flashsale.FlashSaleStock;
import com.promo.claim.template.TemplateState;
import com.promo.claim.template.TemplateStates;
import com.promo.web.ProblemException;


import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators watch a template's stock and reconcile it on demand. */
@RestController
class StockController {

	/**
	 * {@code frozen}: remaining units that are only given out after the database confirms them. For
	 * a flash sale also {@code reserved}, {@code paid}, {@code expired} (absent otherwise), and then
	 * {@code remaining + reserved + paid == total}.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Stock(long total, long remaining, long issued, long pending, long frozen, Long reserved, Long paid,
			Long expired) {
	}

	private final TemplateStates templates;

	private final ClaimStore store;

	private final Claims claims;

	private final Reconciler reconciler;

	private final ClaimProperties properties;

	private final FlashSaleStock flashSales;

	StockController(TemplateStates templates, ClaimStore store, Claims claims, Reconciler reconciler,
			ClaimProperties properties, FlashSaleStock flashSales) {
		this.templates = templates;
		this.store = store;
		this.claims = claims;
		this.reconciler = reconciler;
		this.properties = properties;
		this.flashSales = flashSales;
	}

	@GetMapping("/ops/coupon-templates/{templateId}/stock")
	Stock stock(@PathVariable long templateId) {
		var sale = this.flashSales.of(templateId);
		if (sale.isPresent()) {
			// a flash sale's units are sold through orders, never claimed: its own books
			FlashSaleStock.Units units = sale.get();
			return new Stock(units.total(), units.remaining(), 0, 0, 0, units.reserved(), units.paid(), units.expired());
		}
		TemplateState template = this.templates.find(templateId)
			.orElseThrow(() -> ProblemException.notFound("coupon template " + templateId));
		long remaining = this.store.remaining(templateId);
		return new Stock(template.totalStock(), remaining, this.claims.countIssued(templateId),
				this.store.pendingCount(templateId), Math.min(remaining, this.properties.freezeThreshold()), null, null,
				null);
	}

	@PostMapping("/ops/coupon-templates/{templateId}/reconcile")
	Reconciler.Report reconcile(@PathVariable long templateId) {
		return this.reconciler.reconcile(templateId); // an unreachable store: 503 (platform handler)
	}

}
