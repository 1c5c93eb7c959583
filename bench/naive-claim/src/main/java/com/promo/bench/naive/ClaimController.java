package com.promo.bench.naive;

import java.net.URI;
import java.time.Instant;

import com.promo.security.CurrentPrincipal;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The same route as claim-service's, answered with the coupon itself (it is issued at once). */
@RestController
class ClaimController {

	record ClaimResponse(String couponId, String templateId, String userId, String status, Instant claimedAt) {
	}

	private final NaiveClaims claims;

	ClaimController(NaiveClaims claims) {
		this.claims = claims;
	}

	@PostMapping("/api/coupon-templates/{templateId}/claims")
	ResponseEntity<ClaimResponse> claim(@PathVariable long templateId) {
		NaiveClaims.Coupon coupon = this.claims.claim(templateId, Long.parseLong(CurrentPrincipal.id()));
		return ResponseEntity.created(URI.create("/api/coupons/" + coupon.couponId()))
			.body(new ClaimResponse(String.valueOf(coupon.couponId()), String.valueOf(templateId),
					String.valueOf(coupon.userId()), "ISSUED", coupon.claimedAt()));
	}

}
