package com.promo.coupon;

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
	ApiOperations couponOperations() {
		return ApiOperations.none()
			.creates("POST /merchant/activities/{activityId}/signups", INVALID_STATE)
			.creates("POST /merchant/coupon-templates", INVALID_STATE)
			// a concurrent change of the same template is 409
			.on("POST /merchant/coupon-templates/{id}/enable", INVALID_STATE, CONFLICT)
			.on("POST /merchant/coupon-templates/{id}/terminate", INVALID_STATE, CONFLICT)
			// per listing, LIMIT_REACHED and FORBIDDEN come back in the 200's "rejected" list
			.on("POST /merchant/coupon-templates/{templateId}/bindings", INVALID_STATE)
			.answers("DELETE /merchant/coupon-templates/{templateId}/bindings/{listingId}", 204)
			.on("POST /internal/coupons/{couponId}/lock", INVALID_STATE, CONFLICT)
			.on("POST /internal/orders/{orderId}/coupon/confirm", INVALID_STATE, CONFLICT)
			.on("POST /internal/orders/{orderId}/coupon/release", INVALID_STATE);
	}

}
