package com.promo.claim.flashsale;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading settlement files and classifying their rows, without Spring or a database. */
class FlashSaleReconciliationTest {

	static List<SettlementFile.Row> read(String text) {
		return read(text.getBytes(StandardCharsets.UTF_8));
	}

	static List<SettlementFile.Row> read(byte[] bytes) {
		List<SettlementFile.Row> rows = new ArrayList<>();
		int count = SettlementFile.read(new ByteArrayInputStream(bytes), rows::add);
		assertThat(count).isEqualTo(rows.size());
		return rows;
	}

	@Test
	void rowsAreReadWithTheirLineNumbers() {
		List<SettlementFile.Row> rows = read("""
				providerRef,transactionId,amount,paidAt
				p1,t1,1888,2026-12-01T10:00:00Z
				"p,2",t2,100,2026-12-01T10:01:00Z
				""");
		assertThat(rows).extracting(SettlementFile.Row::line).containsExactly(2, 3);
		assertThat(rows.get(1).providerRef()).isEqualTo("p,2");
		assertThat(rows.get(0).amount()).isEqualTo(1888);
	}

	@Test
	void malformedFilesNameTheirLine() {
		assertMalformed("providerRef,transactionId,amount\np1,t1,1\n", 1);
		assertMalformed("", 1);
		assertMalformed("providerRef,transactionId,amount,paidAt\np1,t1,1888,2026-12-01T10:00:00Z\np2,t2,12.5,2026-12-01T10:00:00Z\n", 3);
		assertMalformed("providerRef,transactionId,amount,paidAt\np1,t1,abc,2026-12-01T10:00:00Z\n", 2);
		assertMalformed("providerRef,transactionId,amount,paidAt\np1,t1,1,yesterday\n", 2);
		assertMalformed("providerRef,transactionId,amount,paidAt\np1,t1,1\n", 2);
		assertMalformed("providerRef,transactionId,amount,paidAt\n,t1,1,2026-12-01T10:00:00Z\n", 2);
		byte[] latin1 = "providerRef,transactionId,amount,paidAt\np1,t1,1,2026-12-01T10:00:00Z\npé,t2,1,2026-12-01T10:00:00Z\n"
			.getBytes(StandardCharsets.ISO_8859_1);
		assertThatThrownBy(() -> read(latin1)).isInstanceOf(SettlementFile.Malformed.class).hasMessageContaining("UTF-8");
	}

	@Test
	void onlyAPaidTransactionWithTheSameAmountMatches() {
		assertThat(ReconciliationRule.classify(1888, Transaction.Status.PAID, 1888L)).isEqualTo(ReconciliationRule.Kind.MATCHED);
		assertThat(ReconciliationRule.classify(1800, Transaction.Status.PAID, 1888L))
			.isEqualTo(ReconciliationRule.Kind.AMOUNT_MISMATCH);
		for (Transaction.Status notPaid : List.of(Transaction.Status.RESERVED, Transaction.Status.EXPIRED,
				Transaction.Status.REJECTED)) {
			assertThat(ReconciliationRule.classify(1888, notPaid, null)).isEqualTo(ReconciliationRule.Kind.MISSING_INTERNAL);
		}
		assertThat(ReconciliationRule.classify(1888, null, null)).as("unknown to us")
			.isEqualTo(ReconciliationRule.Kind.MISSING_INTERNAL);
	}

	static void assertMalformed(String text, int line) {
		assertThatThrownBy(() -> read(text)).isInstanceOf(SettlementFile.Malformed.class)
			.satisfies(ex -> assertThat(((SettlementFile.Malformed) ex).line()).isEqualTo(line));
	}

}
