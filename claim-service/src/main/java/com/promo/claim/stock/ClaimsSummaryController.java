package com.promo.claim.stock;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Operators see a template's claims by outcome, with the rejection codes (the console's claims view). */
@RestController
class ClaimsSummaryController {

	private final ClaimsSummary summaries;

	ClaimsSummaryController(ClaimsSummary summaries) {
		this.summaries = summaries;
	}

	@GetMapping("/ops/coupon-templates/{templateId}/claims/summary")
	ClaimsSummary.Summary summary(@PathVariable long templateId) {
		return this.summaries.of(templateId);
	}

}
