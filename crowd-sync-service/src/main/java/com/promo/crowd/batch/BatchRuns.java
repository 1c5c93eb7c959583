package com.promo.crowd.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code crowd_batch}: the snapshot loads ops asked for and the steps' own counts. A batch's job
 * executions are found through its job instance (identified by the batch id).
 */
@Repository
class BatchRuns {

	record BatchRun(long id, String snapshotPath, Instant snapshotTime, Long bytesTotal, long rowsSuperseded,
			long missedFollows, long missedUnfollows, List<String> errors, String note) {
	}

	private final JdbcClient jdbc;

	BatchRuns(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(long id, String snapshotPath, Instant snapshotTime, long bytesTotal) {
		this.jdbc.sql("""
				INSERT INTO crowd_batch (id, snapshot_path, snapshot_time, bytes_total)
				VALUES (:id, :path, :time, :bytesTotal)""")
			.param("id", id)
			.param("path", snapshotPath)
			.param("time", UtcTime.toDb(snapshotTime))
			.param("bytesTotal", bytesTotal)
			.update();
	}

	Optional<BatchRun> find(long id) {
		return this.jdbc.sql("SELECT * FROM crowd_batch WHERE id = :id").param("id", id).query(BatchRuns::read).optional();
	}

	/** The batches, the newest first (ids are time-sorted TSIDs). */
	PageResponse<BatchRun> findPage(PageQuery page) {
		long total = this.jdbc.sql("SELECT COUNT(*) FROM crowd_batch").query(Long.class).single();
		List<BatchRun> items = this.jdbc.sql("SELECT * FROM crowd_batch ORDER BY id DESC LIMIT :limit OFFSET :offset")
			.param("limit", page.size())
			.param("offset", page.offset())
			.query(BatchRuns::read)
			.list();
		return new PageResponse<>(items, page.page(), page.size(), total);
	}

	private static BatchRun read(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		String errors = rs.getString("errors");
		return new BatchRun(rs.getLong("id"), rs.getString("snapshot_path"), UtcTime.read(rs, "snapshot_time"),
				rs.getObject("bytes_total", Long.class), rs.getLong("rows_superseded"), rs.getLong("missed_follows"),
				rs.getLong("missed_unfollows"),
				(errors == null || errors.isEmpty()) ? List.of() : List.of(errors.split("\n")), rs.getString("note"));
	}

}
