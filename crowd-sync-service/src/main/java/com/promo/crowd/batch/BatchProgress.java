package com.promo.crowd.batch;

import javax.sql.DataSource;

import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The steps' own counts on the batch's {@code crowd_batch} row, written through Spring Batch's data
 * source: inside a chunk they join the chunk's transaction, so they commit (or roll back) with the
 * chunk and its reader position, and a redone chunk is counted once.
 */
@Component
class BatchProgress {

	static final int MAX_ERRORS = 10;

	private final JdbcTemplate jdbc;

	BatchProgress(@BatchDataSource DataSource batchDataSource) {
		this.jdbc = new JdbcTemplate(batchDataSource);
	}

	void add(long batchId, Counter counter, long amount) {
		if (amount != 0) {
			this.jdbc.update("UPDATE crowd_batch SET " + counter.column + " = " + counter.column + " + ? WHERE id = ?",
					amount, batchId);
		}
	}

	/** Keeps the first few malformed rows as examples. */
	void error(long batchId, String error) {
		this.jdbc.update("""
				UPDATE crowd_batch SET errors = CONCAT(COALESCE(errors, ''), ?, '\\n'), error_count = error_count + 1
				WHERE id = ? AND error_count < ?""", error, batchId, MAX_ERRORS);
	}

	void note(long batchId, String note) {
		this.jdbc.update("UPDATE crowd_batch SET note = ? WHERE id = ?", note, batchId);
	}

	enum Counter {

		SUPERSEDED("rows_superseded"), MISSED_FOLLOWS("missed_follows"), MISSED_UNFOLLOWS("missed_unfollows");

		private final String column;

		Counter(String column) {
			this.column = column;
		}

	}

}
