package com.promo.claim.flashsale;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static com.promo.claim.flashsale.PaymentRule.Outcome.ACCEPTED;
import static com.promo.claim.flashsale.PaymentRule.Outcome.AFTER_EXPIRY;
import static com.promo.claim.flashsale.PaymentRule.Outcome.AMOUNT_MISMATCH;
import static com.promo.claim.flashsale.PaymentRule.Outcome.DUPLICATE;
import static com.promo.claim.flashsale.PaymentRule.Outcome.REPLAYED;
import static com.promo.claim.flashsale.PaymentRule.Outcome.UNKNOWN_TRANSACTION;
import static org.assertj.core.api.Assertions.assertThat;

/** The state transitions a payment notification may cause, and the anomalies it is reported as. */
class FlashSalePaymentRuleTest {

	final Instant payBefore = Instant.parse("2026-12-01T10:15:00Z");

	Transaction tx(Transaction.Status status, String providerRef) {
		return new Transaction("t1", 7, 42, 1888, status, null, this.payBefore.minusSeconds(900), this.payBefore,
				status == Transaction.Status.PAID ? this.payBefore.minusSeconds(1) : null,
				status == Transaction.Status.PAID ? 1888L : null, providerRef, null, null, null);
	}

	@Test
	void onlyTheExactPriceWithinTheWindowPaysAReservation() {
		Transaction reserved = tx(Transaction.Status.RESERVED, null);
		assertThat(PaymentRule.decide(reserved, 1888, this.payBefore, "p1")).isEqualTo(ACCEPTED);
		assertThat(PaymentRule.decide(reserved, 1887, this.payBefore, "p1")).isEqualTo(AMOUNT_MISMATCH);
		assertThat(PaymentRule.decide(reserved, 1889, this.payBefore.minusSeconds(5), "p1")).isEqualTo(AMOUNT_MISMATCH);
		assertThat(PaymentRule.decide(reserved, 1888, this.payBefore.plusMillis(1), "p1")).isEqualTo(AFTER_EXPIRY);
	}

	@Test
	void aPaidTransactionReplaysItsOwnPaymentAndCallsAnotherADuplicate() {
		Transaction paid = tx(Transaction.Status.PAID, "p1");
		assertThat(PaymentRule.decide(paid, 1888, this.payBefore, "p1")).isEqualTo(REPLAYED);
		assertThat(PaymentRule.decide(paid, 1888, this.payBefore, "p2")).isEqualTo(DUPLICATE);
	}

	@Test
	void expiredRejectedAndUnknownTransactionsAreNeverPaid() {
		assertThat(PaymentRule.decide(tx(Transaction.Status.EXPIRED, null), 1888, this.payBefore.minusSeconds(1), "p1"))
			.isEqualTo(AFTER_EXPIRY);
		assertThat(PaymentRule.decide(tx(Transaction.Status.REJECTED, null), 1888, this.payBefore, "p1"))
			.isEqualTo(AFTER_EXPIRY);
		assertThat(PaymentRule.decide(null, 1888, this.payBefore, "p1")).isEqualTo(UNKNOWN_TRANSACTION);
	}

}
