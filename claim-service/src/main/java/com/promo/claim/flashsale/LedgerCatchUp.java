package com.promo.claim.flashsale;

import java.time.Clock;
import java.time.Duration;
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

	/** The first look again; each next one waits twice as long, up to {@link #MAX_PAUSE_MILLIS}. */
	private static final long FIRST_PAUSE_MILLIS = 10;

	/** A dozen reads of the ledger at most in a wait of 3 s: made-up ids cost little. */
	private static final long MAX_PAUSE_MILLIS = 500;

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
		Duration wait = this.properties.ledgerWait();
		Instant afterItsOrder = Tsid.from(transactionId).getInstant().plus(wait);
		Instant afterThisRequest = this.clock.instant().plus(wait); // a made-up id from the future waits no longer
		Instant deadline = afterItsOrder.isBefore(afterThisRequest) ? afterItsOrder : afterThisRequest;
		long pause = FIRST_PAUSE_MILLIS;
		while (found.isEmpty() && this.clock.instant().isBefore(deadline)) {
			sleep(Math.min(pause, Math.max(1, Duration.between(this.clock.instant(), deadline).toMillis())));
			pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
			found = this.transactions.find(transactionId);
		}
		return found;
	}

	/** Returns once the ledger holds the transaction, or once the wait is over (a payment then finds it unknown). */
	void awaitRecorded(String transactionId) {
		find(transactionId);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the ledger", ex);
		}
	}

}
