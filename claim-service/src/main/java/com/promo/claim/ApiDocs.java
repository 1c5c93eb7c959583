package com.promo.claim;

import com.promo.openapi.ApiOperations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.promo.web.ProblemCode.CONFLICT;
import static com.promo.web.ProblemCode.INVALID_STATE;
import static com.promo.web.ProblemCode.LIMIT_REACHED;
import static com.promo.web.ProblemCode.NOT_CLAIMABLE;
import static com.promo.web.ProblemCode.RATE_LIMITED;
import static com.promo.web.ProblemCode.SOLD_OUT;

/**
 * What the OpenAPI document cannot read from the controllers (platform/openapi, {@code ApiOperations}):
 * success statuses other than 200, the creating POSTs, and the problems of API.md each operation
 * answers beyond the ones every operation shares.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

	@Bean
	ApiOperations claimOperations() {
		return ApiOperations.none()
			// claims and orders key themselves in their scripts (not the platform filter): the same contract
			.creates("POST /api/coupon-templates/{templateId}/claims", LIMIT_REACHED, SOLD_OUT, NOT_CLAIMABLE)
			.on("POST /api/flash-sales/{templateId}/tokens", RATE_LIMITED, NOT_CLAIMABLE)
			.creates("POST /api/flash-sales/{templateId}/orders", LIMIT_REACHED, SOLD_OUT, NOT_CLAIMABLE)
			.on("POST /internal/flash-sales/transactions/{transactionId}/paid", INVALID_STATE, CONFLICT)
			// its Idempotency-Key is keyed by the file's digest, hashed as it streams (Reconciliations)
			.creates("POST /ops/flash-sales/{templateId}/reconciliations");
	}

}
