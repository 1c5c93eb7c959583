package com.promo.crowd.batch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.relation.RelationService;
import com.promo.runtime.UtcTime;
import com.promo.sharding.ShardLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Ends the relations a complete snapshot no longer holds: stored as following, with nothing newer
 * than the snapshot, and absent from it. Those are unfollows the real-time path missed; each ends
 * as an unfollow at the snapshot time (store, then Redis with a tombstone). Each call takes a slice
 * of one physical table in key order and commits, so progress shows and a restart goes on from the
 * last committed slice.
 * <p>
 * The snapshot's relations are held as a sorted array of 64-bit fingerprints (8 bytes a row); a
 * fingerprint collision can only keep a relation that should end, which its Redis expiry then ends.
 * When too many rows were malformed the step does nothing: a damaged file must not end thousands
 * of memberships.
 */
@Component
@StepScope
class MissedUnfollowTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(MissedUnfollowTasklet.class);

	private static final String NEXT_TABLE = "nextTable";

	private static final String AFTER_USER = "afterUser";

	private static final String AFTER_SELLER = "afterSeller";

	/** Candidates per call: each call commits, so progress shows and a restart loses little. */
	private static final int SLICE = 2000;

	private final ShardLayout layout;

	private final RelationService relations;

	private final CrowdSyncProperties properties;

	private final StepExecution step;

	private final BatchProgress progress;

	private final BatchRuns runs;

	private final JobRepository jobs;

	private final long batchId;

	private final Path snapshotPath;

	private final Instant snapshotTime;

	private long[] snapshotFingerprints;

	MissedUnfollowTasklet(ShardLayout layout, RelationService relations, CrowdSyncProperties properties,
			BatchProgress progress, BatchRuns runs, JobRepository jobs, @Value("#{stepExecution}") StepExecution step,
			@Value("#{jobParameters['batchId']}") long batchId, @Value("#{jobParameters['snapshotPath']}") String snapshotPath,
			@Value("#{jobParameters['snapshotTime']}") String snapshotTime) {
		this.layout = layout;
		this.relations = relations;
		this.properties = properties;
		this.step = step;
		this.progress = progress;
		this.runs = runs;
		this.jobs = jobs;
		this.batchId = batchId;
		this.snapshotPath = Path.of(snapshotPath);
		this.snapshotTime = Instant.parse(snapshotTime);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		ExecutionContext context = this.step.getExecutionContext();
		List<String[]> tables = tables();
		int next = context.getInt(NEXT_TABLE, 0);
		if (next == 0 && !retirementAllowed()) {
			return RepeatStatus.FINISHED;
		}
		if (next >= tables.size()) {
			return RepeatStatus.FINISHED;
		}
		String[] table = tables.get(next);
		long[] after = { context.getLong(AFTER_USER, -1L), context.getLong(AFTER_SELLER, -1L) };
		boolean tableDone = retireSlice(this.layout.physical().get(table[0]), table[1], after);
		if (tableDone) {
			context.putInt(NEXT_TABLE, next + 1);
			context.putLong(AFTER_USER, -1L);
			context.putLong(AFTER_SELLER, -1L);
			return (next + 1 < tables.size()) ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
		}
		context.putLong(AFTER_USER, after[0]);
		context.putLong(AFTER_SELLER, after[1]);
		return RepeatStatus.CONTINUABLE;
	}

	private boolean retirementAllowed() {
		// the whole batch's counts: the refresh may have run in an earlier, interrupted execution
		BatchReport report = BatchReport.of(this.runs.find(this.batchId).orElseThrow(),
				this.jobs.getJobExecutions(this.step.getJobExecution().getJobInstance()));
		long read = report.rowsRead();
		long skipped = report.rowsSkipped();
		if (read > 0 && skipped > read * this.properties.retireMaxSkipRatio()) {
			String note = "relations absent from the snapshot were not ended: " + skipped + " of " + read
					+ " rows were malformed";
			this.progress.note(this.batchId, note);
			logger.warn(note);
			return false;
		}
		return true;
	}

	/**
	 * Ends the missing relations among the next {@link #SLICE} candidates of {@code table} after the
	 * (user, seller) in {@code after}, which it moves on; true when the table has no more.
	 */
	private boolean retireSlice(DataSource database, String table, long[] after) {
		long[] fingerprints = snapshotFingerprints();
		List<long[]> missing = new ArrayList<>();
		int[] scanned = { 0 };
		new JdbcTemplate(database).query("SELECT user_id, seller_id FROM " + table
				+ " WHERE following = TRUE AND (last_event_at IS NULL OR last_event_at < ?)"
				+ " AND (user_id > ? OR (user_id = ? AND seller_id > ?)) ORDER BY user_id, seller_id LIMIT " + SLICE,
				(rs) -> {
					long user = rs.getLong(1);
					long seller = rs.getLong(2);
					if (Arrays.binarySearch(fingerprints, fingerprint(user, seller)) < 0) {
						missing.add(new long[] { user, seller });
					}
					after[0] = user;
					after[1] = seller;
					scanned[0]++;
				}, UtcTime.toDb(this.snapshotTime), after[0], after[0], after[1]);
		long ended = 0;
		for (long[] relation : missing) {
			boolean wasFollowing = this.relations.apply(relation[0], relation[1],
					(current) -> current.absentFromSnapshot(this.snapshotTime)).following();
			ended += wasFollowing ? 0 : 1;
		}
		this.progress.add(this.batchId, BatchProgress.Counter.MISSED_UNFOLLOWS, ended);
		return scanned[0] < SLICE;
	}

	private List<String[]> tables() {
		List<String[]> tables = new ArrayList<>();
		for (Map.Entry<String, DataSource> database : this.layout.physical().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
			for (int table = 0; table < this.layout.properties().tablesPerDatabase(); table++) {
				tables.add(new String[] { database.getKey(), "follow_relation_" + table });
			}
		}
		return tables;
	}

	private long[] snapshotFingerprints() {
		if (this.snapshotFingerprints == null) {
			long[] values = new long[1 << 16];
			int size = 0;
			try (SnapshotReader reader = new SnapshotReader(this.snapshotPath, this.snapshotTime, UserPartition.ALL, 0)) {
				reader.open(new ExecutionContext());
				SnapshotRow row;
				while ((row = reader.read()) != null) {
					if (row.isValid()) {
						if (size == values.length) {
							values = Arrays.copyOf(values, size * 2);
						}
						values[size++] = fingerprint(row.userId(), row.sellerId());
					}
				}
			}
			values = Arrays.copyOf(values, size);
			Arrays.sort(values);
			this.snapshotFingerprints = values;
		}
		return this.snapshotFingerprints;
	}

	/** A 64-bit mix of the pair (the finalizer of MurmurHash3 over both ids). */
	static long fingerprint(long userId, long sellerId) {
		long h = userId * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(sellerId * 0xC2B2AE3D27D4EB4FL, 31);
		h ^= h >>> 33;
		h *= 0xFF51AFD7ED558CCDL;
		h ^= h >>> 33;
		h *= 0xC4CEB9FE1A85EC53L;
		h ^= h >>> 33;
		return h;
	}

}
