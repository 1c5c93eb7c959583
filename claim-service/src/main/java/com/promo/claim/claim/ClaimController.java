package com.promo.claim.claim;

import java.net.URI;
import java.time.Instant;

import com.promo.claim.IdempotencyKeys;
import com.promo.claim.claim.ClaimService.Accepted;
import com.promo.security.CurrentPrincipal;
import com.promo.web.ProblemException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Consumers claim coupons and look at their claims. */
@RestController
class ClaimController {

	record ClaimResponse(String claimId, String templateId, String userId, String status, Instant claimedAt,
			String couponId, String code) {
	}

	private final ClaimService claimService;

	private final Claims claims;

	ClaimController(ClaimService claimService, Claims claims) {
		this.claimService = claimService;
		this.claims = claims;
	}

	@PostMapping("/api/coupon-templates/{templateId}/claims")
	ResponseEntity<ClaimResponse> claim(@PathVariable long templateId,
			@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
		Accepted accepted = this.claimService.claim(templateId, CurrentPrincipal.id(), idempotencyKey);
		return ResponseEntity.created(URI.create("/api/claims/" + accepted.claimId()))
			.body(new ClaimResponse(accepted.claimId(), String.valueOf(templateId), accepted.userId(), "ACCEPTED",
					accepted.claimedAt(), null, null));
	}

	/** A consumer's own claim; someone else's is not found. */
	@GetMapping("/api/claims/{claimId}")
	ClaimResponse get(@PathVariable String claimId) {
		Claims.Claim claim = this.claims.find(claimId)
			.filter(c -> String.valueOf(c.userId()).equals(CurrentPrincipal.id()))
			.orElseThrow(() -> ProblemException.notFound("claim " + claimId));
		return new ClaimResponse(claim.claimId(), String.valueOf(claim.templateId()), String.valueOf(claim.userId()),
				claim.status(), claim.claimedAt(), claim.couponId() == null ? null : String.valueOf(claim.couponId()),
				claim.code());
	}

}
