package com.promo.crowd;

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
	ApiOperations crowdSyncOperations() {
		return ApiOperations.none()
			// one batch runs at a time: another start is 409
			.idempotent("POST /ops/crowd-sync/batches", CONFLICT)
			.on("POST /ops/crowd-sync/batches/{id}/restart", INVALID_STATE, CONFLICT);
	}

}
