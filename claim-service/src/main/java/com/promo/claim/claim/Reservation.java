package com.promo.claim.claim;

/** What the claim script did, typed (read from its reply by {@link ScriptReplies}). */
public sealed interface Reservation {

	ClaimOutcome outcome();

	/** A unit reserved under a new claim id; {@code remaining} units are left after it. */
	record Reserved(String claimId, long remaining) implements Reservation {

		@Override
		public ClaimOutcome outcome() {
			return ClaimOutcome.ACCEPTED;
		}

	}

	/** The user's Idempotency-Key was answered before. */
	record Replayed(RecordedAnswer answer) implements Reservation {

		@Override
		public ClaimOutcome outcome() {
			return ClaimOutcome.REPLAY;
		}

	}

	record Refused(ClaimOutcome outcome) implements Reservation {

		public Refused {
			if (!outcome.isRefusal()) {
				throw new IllegalArgumentException(outcome + " is not a refusal");
			}
		}

	}

	/** Redis has no state for the template. */
	record Missing() implements Reservation {

		@Override
		public ClaimOutcome outcome() {
			return ClaimOutcome.MISSING;
		}

	}

}
