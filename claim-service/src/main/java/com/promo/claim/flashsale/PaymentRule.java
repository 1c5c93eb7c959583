package com.promo.claim.flashsale;

import java.time.Instant;

/**
 * What a payment notification does to a transaction: a plain rule, tested without Spring. Only an
 * exact payment of a RESERVED transaction within its window pays it; every other notification is
 * recorded and reported as what it is, never silently accepted.
 */
final class PaymentRule {

	enum Outcome {

		/** RESERVED → PAID. */
		ACCEPTED,
		/** The same payment again (same providerRef on a PAID transaction): the same answer. */
		REPLAYED,
		/** The amount differs from the price: the transaction stays RESERVED (a correct payment still can pay it). */
		AMOUNT_MISMATCH,
		/** Paid after {@code payBefore}, or for a unit already released or never sold: recorded on the transaction. */
		AFTER_EXPIRY,
		/** A second payment (another providerRef) of a PAID transaction. */
		DUPLICATE,
		/** No such transaction. */
		UNKNOWN_TRANSACTION

	}

	private PaymentRule() {
	}

	static Outcome decide(Transaction tx, long amount, Instant paidAt, String providerRef) {
		if (tx == null) {
			return Outcome.UNKNOWN_TRANSACTION;
		}
		return switch (tx.status()) {
			case PAID -> providerRef.equals(tx.providerRef()) ? Outcome.REPLAYED : Outcome.DUPLICATE;
			case EXPIRED, REJECTED -> Outcome.AFTER_EXPIRY;
			case RESERVED -> {
				if (paidAt.isAfter(tx.payBefore())) {
					yield Outcome.AFTER_EXPIRY;
				}
				yield amount == tx.price() ? Outcome.ACCEPTED : Outcome.AMOUNT_MISMATCH;
			}
		};
	}

}
