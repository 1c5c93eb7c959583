package com.promo.claim.flashsale;

/**
 * How one row of the provider's settlement file compares with our side (a plain rule, tested
 * without Spring): matched only when we hold the transaction as PAID, for this sale, with the same
 * amount; a row for a transaction we do not hold as PAID (unknown, another sale's, reserved, expired
 * with a late payment, rejected) is missing internally; PAID with another amount is a mismatch.
 * PAID transactions of ours that no row names are missing externally (found by the store).
 */
final class ReconciliationRule {

	enum Kind {

		MATCHED, MISSING_INTERNAL, AMOUNT_MISMATCH

	}

	/** A list element of the report: the absent side is null. */
	record Discrepancy(String transactionId, String providerRef, Long ourAmount, Long theirAmount) {
	}

	private ReconciliationRule() {
	}

	/**
	 * @param ourStatus the transaction's status in this sale, null when we have none
	 * @param ourPaidAmount what we recorded as paid, null unless PAID
	 */
	static Kind classify(long theirAmount, Transaction.Status ourStatus, Long ourPaidAmount) {
		if (ourStatus != Transaction.Status.PAID || ourPaidAmount == null) {
			return Kind.MISSING_INTERNAL;
		}
		return ourPaidAmount == theirAmount ? Kind.MATCHED : Kind.AMOUNT_MISMATCH;
	}

}
