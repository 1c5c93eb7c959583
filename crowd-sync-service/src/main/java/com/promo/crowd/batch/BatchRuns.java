package com.promo.crowd.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code crowd_batch}: the snapshot loads ops asked for and the steps' own counts. A batch's job
 * executions are found through its job instance (identified by the batch id).
 */
@Repository
class BatchRuns {

	record BatchRun(long id, String snapshotPath, Instant snapshotTime, long rowsSuperseded,
			long missedFollows, long missedUnfollows, List<String> errors, String note) {
	}

	private final JdbcClient jdbc;

	BatchRuns(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(long id, String snapshotPath, Instant snapshotTime) {
		this.jdbc.sql("INSERT INTO crowd_batch (id, snapshot_path, snapshot_time) VALUES (:id, :path, :time)")
			.param("id", id)
			.param("path", snapshotPath)
			.param("time", UtcTime.toDb(snapshotTime))
			.update();
	}

	Optional<BatchRun> find(long id) {
		return this.jdbc.sql("SELECT * FROM crowd_batch WHERE id = :id").param("id", id).query(BatchRuns::read).optional();
	}

	private static BatchRun read(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		String errors = rs.getString("errors");
		return new BatchRun(rs.getLong("id"), rs.getString("snapshot_path"), UtcTime.read(rs, "snapshot_time"),
				rs.getLong("rows_superseded"), rs.getLong("missed_follows"), rs.getLong("missed_unfollows"),
				(errors == null || errors.isEmpty()) ? List.of() : List.of(errors.split("\n")), rs.getString("note"));
	}

}
