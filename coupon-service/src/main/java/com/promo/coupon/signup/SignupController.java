package com.promo.coupon.signup;

import java.net.URI;
import java.time.Instant;

import com.promo.security.CurrentPrincipal;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /merchant/activities/{activityId}/signups}. */
@RestController
class SignupController {

	record SignupResponse(String activityId, String merchantId, Instant createdAt) {
	}

	private final SignupService signups;

	SignupController(SignupService signups) {
		this.signups = signups;
	}

	@PostMapping("/merchant/activities/{activityId}/signups")
	ResponseEntity<SignupResponse> signUp(@PathVariable long activityId) {
		SignupService.Signup signup = this.signups.signUp(Long.parseLong(CurrentPrincipal.id()), activityId);
		return ResponseEntity.created(URI.create("/merchant/activities/" + activityId + "/signups"))
			.body(new SignupResponse(String.valueOf(signup.activityId()), String.valueOf(signup.merchantId()),
					signup.createdAt()));
	}

}
