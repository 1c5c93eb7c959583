package com.promo.claim.flashsale;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.promo.contracts.flashsale.FlashSaleReserved;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's arbiter over a batch: stock first, then the buyer's limit, in transaction id order. */
class FlashSaleArbiterRuleTest {

	static FlashSaleReserved reservation(String transactionId, long userId) {
		Instant at = Instant.parse("2026-12-01T10:00:00Z");
		return new FlashSaleReserved("e-" + transactionId, transactionId, "7", Long.toString(userId), 1888, at,
				at.plusSeconds(900), at);
	}

	static List<String> codes(ArbiterRule.Outcome outcome) {
		return outcome.verdicts().stream().map(v -> v.status() + (v.code() == null ? "" : " " + v.code())).toList();
	}

	@Test
	void reservesWhileStockAndLimitsLastAndCountsOnlyWhatItReserved() {
		ArbiterRule.Outcome outcome = ArbiterRule.judge(
				List.of(reservation("t1", 1), reservation("t2", 2), reservation("t3", 1)), 5, 10, 2, Map.of(1L, 1));
		assertThat(codes(outcome)).containsExactly("RESERVED", "RESERVED", "REJECTED LIMIT_REACHED");
		assertThat(outcome.held()).containsExactly(Map.entry(1L, 2), Map.entry(2L, 1));
		assertThat(outcome.reserved()).isEqualTo(2);
		assertThat(outcome.rejected()).isEqualTo(1);
	}

	@Test
	void theLastUnitGoesToTheFirstReservationAndTheRestAreSoldOut() {
		ArbiterRule.Outcome outcome = ArbiterRule.judge(
				List.of(reservation("t1", 1), reservation("t2", 2), reservation("t3", 3)), 9, 10, 5, Map.of());
		assertThat(codes(outcome)).containsExactly("RESERVED", "REJECTED SOLD_OUT", "REJECTED SOLD_OUT");
		assertThat(outcome.held()).containsExactly(Map.entry(1L, 1));
	}

	@Test
	void theStockIsCheckedBeforeTheLimit() {
		ArbiterRule.Outcome outcome = ArbiterRule.judge(List.of(reservation("t1", 1)), 10, 10, 1, Map.of(1L, 1));
		assertThat(codes(outcome)).containsExactly("REJECTED SOLD_OUT");
		assertThat(outcome.held()).isEmpty();
		assertThat(outcome.reserved()).isZero();
	}

	@Test
	void aRejectedReservationLeavesTheUnitForTheNextBuyer() {
		ArbiterRule.Outcome outcome = ArbiterRule.judge(List.of(reservation("t1", 1), reservation("t2", 2)), 9, 10, 1,
				Map.of(1L, 1));
		assertThat(codes(outcome)).containsExactly("REJECTED LIMIT_REACHED", "RESERVED");
		assertThat(outcome.held()).containsExactly(Map.entry(2L, 1));
	}

}
