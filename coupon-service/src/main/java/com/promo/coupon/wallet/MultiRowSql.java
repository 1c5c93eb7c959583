package com.promo.coupon.wallet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Pieces of the settlement's multi-row statements: one statement for many rows is one round trip. */
final class MultiRowSql {

	/** Rows per statement: well inside the driver's and the server's limits on placeholders. */
	static final int ROWS_PER_STATEMENT = 1000;

	private MultiRowSql() {
	}

	/** {@code row} repeated {@code rows} times, comma-separated: {@code (?, ?), (?, ?)}. */
	static String repeat(String row, int rows) {
		return String.join(", ", Collections.nCopies(rows, row));
	}

	/** {@code ?, ?, ?}: an IN list of {@code count} placeholders. */
	static String inList(int count) {
		return repeat("?", count);
	}

	static <T> List<List<T>> chunks(List<T> all) {
		List<List<T>> chunks = new ArrayList<>();
		for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
			chunks.add(all.subList(from, Math.min(from + ROWS_PER_STATEMENT, all.size())));
		}
		return chunks;
	}

}
