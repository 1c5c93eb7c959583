package com.promo.claim.flashsale;

import com.promo.web.ProblemException;

/** A refusal replayed for an order's Idempotency-Key: the first answer again, marked as a replay. */
class ReplayedRefusal extends ProblemException {

	ReplayedRefusal(ProblemException first) {
		super(first.code(), first.getMessage(), first.violations());
	}

}
