package com.promo.pricing;

import com.promo.openapi.ApiOperations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.promo.web.ProblemCode.INVALID_STATE;
import static com.promo.web.ProblemCode.NOT_FOUND;

/**
 * What the OpenAPI document cannot read from the controllers (platform/openapi, {@code ApiOperations}):
 * success statuses other than 200, the creating POSTs, and the problems of API.md each operation
 * answers beyond the ones every operation shares.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

	@Bean
	ApiOperations pricingOperations() {
		return ApiOperations.none()
			// a list price at or below an existing fan price
			.on("PUT /merchant/items/{itemId}", INVALID_STATE)
			.answers("DELETE /merchant/items/{itemId}/fan-prices/{crowdType}", 204)
			// someone else's couponId is 404; a coupon that is not usable 422
			.on("POST /api/quotes", NOT_FOUND, INVALID_STATE);
	}

}
