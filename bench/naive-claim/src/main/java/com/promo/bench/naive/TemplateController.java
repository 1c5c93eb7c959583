package com.promo.bench.naive;

import java.net.URI;

import com.promo.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The benchmark seeds a template and reads its counts back (the oversell check). */
@RestController
class TemplateController {

	record NewTemplate(@NotNull @Min(0) Integer totalStock, @NotNull @Min(1) Integer perUserLimit) {
	}

	private final NaiveClaims claims;

	TemplateController(NaiveClaims claims) {
		this.claims = claims;
	}

	@PostMapping("/ops/coupon-templates")
	ResponseEntity<NaiveClaims.Template> create(@Valid @RequestBody NewTemplate template) {
		long id = this.claims.create(template.totalStock(), template.perUserLimit());
		return ResponseEntity.created(URI.create("/ops/coupon-templates/" + id)).body(get(id));
	}

	@GetMapping("/ops/coupon-templates/{templateId}")
	NaiveClaims.Template get(@PathVariable long templateId) {
		return this.claims.find(templateId).orElseThrow(() -> ProblemException.notFound("coupon template " + templateId));
	}

}
