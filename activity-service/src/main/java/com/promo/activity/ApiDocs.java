package com.promo.activity;

import com.promo.openapi.ApiOperations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.promo.web.ProblemCode.CONFLICT;
import static com.promo.web.ProblemCode.INVALID_STATE;

/**
 * What the OpenAPI document cannot read from the controllers (platform/openapi, {@code ApiOperations}):
 * success statuses other than 200, the creating POSTs, and the problems of API.md each operation
 * answers beyond the ones every operation shares.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

	@Bean
	ApiOperations activityOperations() {
		return ApiOperations.none()
			.creates("POST /ops/activities")
			// a concurrent change of the same activity is 409 as well as a stale If-Match
			.on("PATCH /ops/activities/{id}", INVALID_STATE, CONFLICT)
			.on("POST /ops/activities/{id}/publish", INVALID_STATE, CONFLICT)
			.on("POST /ops/activities/{id}/terminate", INVALID_STATE, CONFLICT);
	}

}
