package com.promo.coupon.wallet;

import java.util.ArrayList;
import java.util.List;

import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/claims/settle}: claim-service's synchronous settlement of the last units
 * of a template (the stock freeze) and of claims Kafka did not acknowledge. The same settlement as
 * the Kafka path (a batch of one), so a claim settles the same way whichever path reaches it first.
 */
@RestController
class SettlementController {

	private static final Logger log = LoggerFactory.getLogger(SettlementController.class);

	private final Settlement settlement;

	SettlementController(Settlement settlement) {
		this.settlement = settlement;
	}

	@PostMapping("/internal/claims/settle")
	ClaimSettled settle(@RequestBody ClaimAccepted claim) {
		List<FieldViolation> v = new ArrayList<>();
		if (claim.claimId() == null || claim.claimId().isBlank() || claim.claimId().length() > 64) {
			v.add(new FieldViolation("claimId", "must be 1-64 characters"));
		}
		if (claim.templateId() == null || !claim.templateId().matches("[0-9]{1,18}")) {
			v.add(new FieldViolation("templateId", "must be a template id (digits)"));
		}
		if (claim.userId() == null || !claim.userId().matches("[0-9]{1,18}")) {
			v.add(new FieldViolation("userId", "must be a user id (digits)"));
		}
		if (claim.claimedAt() == null) {
			v.add(new FieldViolation("claimedAt", "is required"));
		}
		if (!v.isEmpty()) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED, "invalid claim", v);
		}
		ClaimSettled settled = this.settlement.settle(List.of(claim)).get(0);
		// in the request's trace and with claim-service's X-Request-Id (logging.pattern.correlation)
		log.debug("claim {} settled {} synchronously (user {}, template {}, coupon {}, code {})", settled.claimId(),
				settled.outcome(), settled.userId(), settled.templateId(), settled.couponId(), settled.code());
		return settled;
	}

}
