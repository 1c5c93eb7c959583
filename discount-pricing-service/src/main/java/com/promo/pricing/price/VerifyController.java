package com.promo.pricing.price;

import java.util.ArrayList;
import java.util.List;

import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /internal/prices/verify}: the order system's price check before it places an order (SERVICE role). */
@RestController
class VerifyController {

	record VerifyRequest(String userId, String itemId, Long price) {

		void check() {
			List<FieldViolation> v = new ArrayList<>();
			if (this.userId == null || !this.userId.matches("[0-9]{1,18}")) {
				v.add(new FieldViolation("userId", "must be a user id (digits)"));
			}
			if (this.itemId == null || !this.itemId.matches("[0-9]{1,18}")) {
				v.add(new FieldViolation("itemId", "must be an item id (digits)"));
			}
			if (this.price == null || this.price < 0) {
				v.add(new FieldViolation("price", "must be 0 or more (minor units)"));
			}
			if (!v.isEmpty()) {
				throw new ProblemException(ProblemCode.VALIDATION_FAILED, "invalid verification request", v);
			}
		}

	}

	record VerifyResponse(boolean eligible, long price) {
	}

	private final Verification verification;

	VerifyController(Verification verification) {
		this.verification = verification;
	}

	@PostMapping("/internal/prices/verify")
	VerifyResponse verify(@RequestBody VerifyRequest request) {
		request.check();
		Verification.Verdict verdict = this.verification.verify(Long.parseLong(request.userId()),
				Long.parseLong(request.itemId()), request.price());
		return new VerifyResponse(verdict.eligible(), verdict.price());
	}

}
