package com.promo.claim.flashsale;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.github.f4b6a3.tsid.Tsid;

import org.springframework.stereotype.Component;

/**
 * A transaction is its buyer's from the order's 201 on, but the ledger records it a moment later
 * (its consumer reads the reservation from Kafka). A read or a payment of a transaction the ledger
 * does not hold yet waits for it, for at most {@code promo.flash-sale.ledger-wait} after the
 * transaction was made, instead of answering "not found" (or recording the payment as one for an
 * unknown transaction). The id says when: a TSID carries its creation time. An id that is no TSID,
 * or older than that, is answered at once.
 */
@Component
class LedgerCatchUp {

	private static final long POLL_MILLIS = 20;

	private final Transactions transactions;

	private final FlashSaleProperties properties;

	private final Clock clock;

	LedgerCatchUp(Transactions transactions, FlashSaleProperties properties, Clock clock) {
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/** The transaction, once the ledger holds it; empty when it does not by the end of the wait. */
	Optional<Transaction> find(String transactionId) {
		Optional<Transaction> found = this.transactions.find(transactionId);
		if (found.isPresent() || !Tsid.isValid(transactionId)) {
			return found;
		}
		Instant now = this.clock.instant();
		Instant madeBy = Tsid.from(transactionId).getInstant().plus(this.properties.ledgerWait());
		// a made-up id from the future waits no longer than a real one
		Instant deadline = madeBy.isBefore(now.plus(this.properties.ledgerWait())) ? madeBy
				: now.plus(this.properties.ledgerWait());
		while (found.isEmpty() && this.clock.instant().isBefore(deadline)) {
			sleep();
			found = this.transactions.find(transactionId);
		}
		return found;
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the ledger", ex);
		}
	}

}
