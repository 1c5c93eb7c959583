package com.promo.coupon.template;

import java.net.URI;

import com.promo.contracts.coupon.TemplateStatus;
import com.promo.coupon.template.TemplateRequests.CreateTemplate;
import com.promo.coupon.template.TemplateRequests.TemplateResponse;
import com.promo.coupon.template.TemplateService.TemplateInActivity;
import com.promo.security.CurrentPrincipal;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Merchants create, enable, terminate and read their own coupon templates. */
@RestController
@RequestMapping("/merchant/coupon-templates")
class MerchantTemplateController {

	private final TemplateService templates;

	MerchantTemplateController(TemplateService templates) {
		this.templates = templates;
	}

	@PostMapping
	ResponseEntity<TemplateResponse> create(@RequestBody CreateTemplate request) {
		TemplateInActivity created = this.templates.create(merchant(), request);
		return ResponseEntity.created(URI.create("/merchant/coupon-templates/" + created.template().id()))
			.body(respond(created));
	}

	@PostMapping("/{id}/enable")
	TemplateResponse enable(@PathVariable long id) {
		return respond(this.templates.enable(merchant(), id));
	}

	@PostMapping("/{id}/terminate")
	TemplateResponse terminate(@PathVariable long id) {
		return respond(this.templates.terminate(merchant(), id));
	}

	@GetMapping("/{id}")
	TemplateResponse get(@PathVariable long id) {
		return respond(this.templates.getOwn(merchant(), id));
	}

	@GetMapping
	PageResponse<TemplateResponse> list(@RequestParam(required = false) Long activityId,
			@RequestParam(required = false) TemplateStatus status, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.templates.search(merchant(), activityId, status, PageQuery.of(page, size)).map(this::respond);
	}

	private TemplateResponse respond(TemplateInActivity t) {
		return TemplateResponse.of(t.template(), t.activity(), this.templates.now());
	}

	private static long merchant() {
		return Long.parseLong(CurrentPrincipal.id());
	}

}
