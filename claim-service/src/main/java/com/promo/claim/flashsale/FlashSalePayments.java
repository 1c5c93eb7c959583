package com.promo.claim.flashsale;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment notifications from the payment provider's side. The transaction row is locked while the
 * {@link PaymentRule} decides, so a payment and the expiry of the same reservation serialize: the
 * unit ends either PAID or back in stock, never both. Every notification is recorded
 * ({@code flash_payment}); anything but a payment in time of the exact price is answered as the
 * anomaly it is.
 */
@Service
class FlashSalePayments {

	private final Transactions transactions;

	private final FlashSaleExpiry expiry;

	private final TransactionTemplate tx;

	private final FlashSaleMeters meters;

	private final Clock clock;

	private final LedgerCatchUp ledger;

	FlashSalePayments(Transactions transactions, FlashSaleExpiry expiry, TransactionTemplate tx, FlashSaleMeters meters,
			Clock clock, LedgerCatchUp ledger) {
		this.transactions = transactions;
		this.expiry = expiry;
		this.tx = tx;
		this.meters = meters;
		this.clock = clock;
		this.ledger = ledger;
	}

	Transaction paid(String transactionId, long amount, Instant paidAt, String providerRef) {
		// a payment right after the order may come before the ledger has its transaction: not unknown yet
		this.ledger.awaitRecorded(transactionId);
		Instant now = this.clock.instant();
		record Result(PaymentRule.Outcome outcome, Transaction tx, boolean expiredNow) {
		}
		Result result = this.tx.execute(status -> {
			Transaction t = this.transactions.lock(transactionId).orElse(null);
			PaymentRule.Outcome outcome = PaymentRule.decide(t, amount, paidAt, providerRef);
			boolean expiredNow = false;
			switch (outcome) {
				case ACCEPTED -> this.transactions.pay(t, amount, paidAt, providerRef);
				case AFTER_EXPIRY -> {
					// a RESERVED one paid too late: its window is over, so it expires now
					expiredNow = t.status() == Transaction.Status.RESERVED
							&& this.transactions.expireAll(List.of(t), now).size() == 1;
					this.transactions.recordLatePayment(transactionId, amount, paidAt, providerRef);
				}
				default -> {
				}
			}
			if (outcome != PaymentRule.Outcome.REPLAYED) {
				this.transactions.recordPayment(transactionId, providerRef, amount, paidAt, outcome.name(), now);
			}
			return new Result(outcome, t, expiredNow);
		});
		if (result.expiredNow()) {
			// an expiry as the sweep's would have been: counted with them
			this.meters.expired(1);
			this.expiry.giveBack(List.of(result.tx()));
		}
		this.meters.payment(result.outcome().name());
		return switch (result.outcome()) {
			case ACCEPTED, REPLAYED -> this.transactions.find(transactionId).orElseThrow();
			case UNKNOWN_TRANSACTION -> throw new ProblemException(ProblemCode.NOT_FOUND,
					"transaction " + transactionId + " not found; the payment is recorded for reconciliation");
			case DUPLICATE -> throw new ProblemException(ProblemCode.CONFLICT, "transaction " + transactionId
					+ " was already paid with another providerRef; this payment is recorded as a duplicate");
			case AMOUNT_MISMATCH -> throw new ProblemException(ProblemCode.INVALID_STATE, "amount " + amount
					+ " differs from the price " + result.tx().price() + "; recorded as a mismatch, not paid");
			case AFTER_EXPIRY -> throw new ProblemException(ProblemCode.INVALID_STATE, "transaction " + transactionId
					+ " expired before it was paid; the late payment is recorded on it");
		};
	}

}
