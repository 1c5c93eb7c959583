package com.promo.claim.flashsale;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import com.promo.claim.IdempotencyKeys;
import com.promo.web.FieldViolation;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators reconcile a sale with the payment provider's settlement file and read the stored
 * reports. The file is read straight from the request's stream (no message converter, and no
 * Idempotency-Key filter runs in this service), so nothing buffers the whole body.
 */
@RestController
class FlashSaleOpsController {

	private final Reconciliations reconciliations;

	FlashSaleOpsController(Reconciliations reconciliations) {
		this.reconciliations = reconciliations;
	}

	// the body is read from the request stream, so the OpenAPI document has to be told about it
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			description = "the provider's settlement file: header providerRef,transactionId,amount,paidAt",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
	@PostMapping(path = "/ops/flash-sales/{templateId}/reconciliations", consumes = "text/csv")
	ResponseEntity<Reconciliations.Report> reconcile(@PathVariable long templateId,
			@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
			HttpServletRequest request) throws IOException {
		Reconciliations.Outcome outcome;
		try {
			outcome = this.reconciliations.reconcile(templateId, request.getInputStream(),
					IdempotencyKeys.checked(idempotencyKey));
		}
		catch (SettlementFile.Malformed ex) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED, "the settlement file is malformed at " + ex.getMessage(),
					List.of(new FieldViolation("line " + ex.line(), ex.getMessage())));
		}
		Reconciliations.Report report = outcome.report();
		ResponseEntity.BodyBuilder created = ResponseEntity
			.created(URI.create("/ops/flash-sales/" + templateId + "/reconciliations/" + report.id()));
		if (outcome.replayed()) { // the first answer again, marked as the platform's Idempotency-Key filter marks it
			created.header("Idempotent-Replayed", "true");
		}
		return created.body(report);
	}

	@GetMapping("/ops/flash-sales/{templateId}/reconciliations/{id}")
	Reconciliations.Report report(@PathVariable long templateId, @PathVariable long id) {
		return this.reconciliations.find(templateId, id)
			.orElseThrow(() -> ProblemException.notFound("reconciliation " + id + " of flash sale " + templateId));
	}

	@GetMapping("/ops/flash-sales/{templateId}/reconciliations")
	PageResponse<Reconciliations.Report> reports(@PathVariable long templateId,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.reconciliations.list(templateId, PageQuery.of(page, size));
	}

}
