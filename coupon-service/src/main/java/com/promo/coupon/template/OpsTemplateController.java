package com.promo.coupon.template;

import com.promo.contracts.coupon.TemplateStatus;
import com.promo.coupon.template.TemplateRequests.TemplateResponse;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operations read every merchant's templates ({@code GET /ops/coupon-templates}, OPS role). */
@RestController
class OpsTemplateController {

	private final TemplateService templates;

	OpsTemplateController(TemplateService templates) {
		this.templates = templates;
	}

	@GetMapping("/ops/coupon-templates")
	PageResponse<TemplateResponse> list(@RequestParam(required = false) Long activityId,
			@RequestParam(required = false) Long merchantId, @RequestParam(required = false) TemplateStatus status,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.templates.search(merchantId, activityId, status, PageQuery.of(page, size))
			.map(t -> TemplateResponse.of(t.template(), t.activity(), this.templates.now()));
	}

}
