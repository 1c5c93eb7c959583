package com.promo.coupon.signup;

import java.net.URI;
import java.time.Instant;

import com.promo.security.CurrentPrincipal;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /merchant/activities/{activityId}/signups} and the merchant's list, {@code GET /merchant/signups}. */
@RestController
class SignupController {

	record SignupResponse(String activityId, String merchantId, Instant createdAt) {

		static SignupResponse of(SignupService.Signup signup) {
			return new SignupResponse(String.valueOf(signup.activityId()), String.valueOf(signup.merchantId()),
					signup.createdAt());
		}

	}

	private final SignupService signups;

	SignupController(SignupService signups) {
		this.signups = signups;
	}

	@PostMapping("/merchant/activities/{activityId}/signups")
	ResponseEntity<SignupResponse> signUp(@PathVariable long activityId) {
		SignupService.Signup signup = this.signups.signUp(Long.parseLong(CurrentPrincipal.id()), activityId);
		return ResponseEntity.created(URI.create("/merchant/activities/" + activityId + "/signups"))
			.body(SignupResponse.of(signup));
	}

	@GetMapping("/merchant/signups")
	PageResponse<SignupResponse> list(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.signups.signupsOf(Long.parseLong(CurrentPrincipal.id()), PageQuery.of(page, size))
			.map(SignupResponse::of);
	}

}
