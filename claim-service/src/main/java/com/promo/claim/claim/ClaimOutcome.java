package com.promo.claim.claim;

import com.promo.web.ProblemCode;

/**
 * What a claim came to on the Redis gate. The claim script answers with these names (its first
 * reply element, and a refusal's code in the idempotency record); {@link ScriptReplies} reads them.
 */
public enum ClaimOutcome {

	/** A unit was reserved for the user. */
	ACCEPTED(null),

	/** The same user and Idempotency-Key answered before: its recorded answer again. */
	REPLAY(null),

	/** Redis has no claim state for the template (lost, not warmed yet): rebuild it and retry. */
	MISSING(null),

	SOLD_OUT(ProblemCode.SOLD_OUT),

	LIMIT_REACHED(ProblemCode.LIMIT_REACHED),

	/** Not ENABLED, outside the claim window, outside the audience, or a flash-sale template. */
	NOT_CLAIMABLE(ProblemCode.NOT_CLAIMABLE);

	private final ProblemCode problem;

	ClaimOutcome(ProblemCode problem) {
		this.problem = problem;
	}

	/** A business refusal (recorded for its Idempotency-Key and replayed like an acceptance). */
	public boolean isRefusal() {
		return this.problem != null;
	}

	/** The problem code a refusal answers with. */
	public ProblemCode problem() {
		if (this.problem == null) {
			throw new IllegalStateException(this + " is not a refusal");
		}
		return this.problem;
	}

	/** A refusal by its name; the wallet's REJECTED codes are names of refusals too. */
	public static ClaimOutcome refusal(String code) {
		ClaimOutcome outcome = valueOf(code);
		if (!outcome.isRefusal()) {
			throw new IllegalArgumentException(code + " is not a refusal");
		}
		return outcome;
	}

}
