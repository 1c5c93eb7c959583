package com.promo.crowd.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * A batch as ops see it (API.md), summed over every execution of its job (a restarted batch has
 * several): Spring Batch saves the counts with each committed chunk, so they are exact across
 * restarts.
 *
 * @param bytesTotal the snapshot file's size when the batch started (null for batches started
 * before it was recorded)
 * @param bytesRead how far the membership refresh has read the file, in the file's own (for a
 * gzipped file: compressed) bytes: each partition reads the whole file, so this is their average,
 * as of their last committed chunk; {@code bytesTotal} once the refresh is done. Progress is
 * {@code bytesRead / bytesTotal}.
 * @param rowsRead data rows read from the snapshot (header excluded)
 * @param rowsApplied rows whose memberships were refreshed
 * @param rowsSuperseded rows overruled by a newer unfollow (tombstone)
 * @param rowsSkipped malformed rows (the first few in {@code errors})
 * @param missedFollows relations the snapshot held that the relation store did not (drift)
 * @param missedUnfollows relations the store held as following that the snapshot no longer had
 * (drift; ended)
 * @param rowsPerSecond rows read per second by the membership refresh
 * @param step the step running now (or last run)
 */
record BatchReport(String id, String status, String snapshotPath, Instant snapshotTime, @Nullable Long bytesTotal,
		long bytesRead, long rowsRead,
		long rowsApplied, long rowsSuperseded, long rowsSkipped, long missedFollows, long missedUnfollows,
		long rowsPerSecond, @Nullable String step, @Nullable Instant startedAt, @Nullable Instant finishedAt,
		List<String> errors) {

	static BatchReport of(BatchRuns.BatchRun run, List<JobExecution> executions) {
		Map<String, Long> partitionBytes = new HashMap<>();
		boolean refreshed = false;
		long read = 0;
		long written = 0;
		long skipped = 0;
		Duration refreshTime = Duration.ZERO;
		Instant startedAt = null;
		JobExecution latest = null;
		for (JobExecution execution : executions) {
			if (latest == null || execution.getId() > latest.getId()) {
				latest = execution;
			}
			if (execution.getStartTime() != null) {
				Instant start = instant(execution.getStartTime());
				startedAt = (startedAt == null || start.isBefore(startedAt)) ? start : startedAt;
			}
			for (StepExecution step : execution.getStepExecutions()) {
				// the partitions' own counts (the partitioned step's are their sum, for this execution only)
				if (step.getStepName().startsWith(SnapshotJobConfiguration.PARTITION_PREFIX)) {
					// the newest execution of each partition says how far it is (a restart reads from the start)
					if (execution == latestOf(executions, step.getStepName())) {
						partitionBytes.put(step.getStepName(),
								step.getExecutionContext().getLong(SnapshotReader.BYTES_READ, 0L));
					}
					long committed = committedRows(step);
					read += committed;
					written += step.getWriteCount();
					skipped += committed - step.getWriteCount();
				}
				if (step.getStepName().equals(SnapshotJobConfiguration.REFRESH_STEP)
						&& step.getStatus() == BatchStatus.COMPLETED) {
					refreshed = true;
				}
				if (step.getStepName().equals(SnapshotJobConfiguration.REFRESH_STEP) && step.getStartTime() != null) {
					Instant end = (step.getEndTime() != null) ? instant(step.getEndTime()) : Instant.now();
					refreshTime = refreshTime.plus(Duration.between(instant(step.getStartTime()), end));
				}
			}
		}
		String status = "RUNNING";
		String currentStep = null;
		Instant finishedAt = null;
		if (latest != null) {
			for (StepExecution step : latest.getStepExecutions()) {
				if (!step.getStepName().startsWith(SnapshotJobConfiguration.PARTITION_PREFIX)) {
					currentStep = step.getStepName();
				}
			}
			BatchStatus batchStatus = latest.getStatus();
			if (batchStatus == BatchStatus.COMPLETED) {
				status = "COMPLETED";
			}
			else if (!batchStatus.isRunning()) {
				status = "FAILED";
			}
			if (!batchStatus.isRunning() && latest.getEndTime() != null) {
				finishedAt = instant(latest.getEndTime());
			}
		}
		List<String> errors = new ArrayList<>(run.errors());
		if (run.note() != null) {
			errors.add(run.note());
		}
		long millis = refreshTime.toMillis();
		long rowsPerSecond = (millis > 0) ? read * 1000 / millis : 0;
		return new BatchReport(Long.toString(run.id()), status, run.snapshotPath(), run.snapshotTime(), run.bytesTotal(),
				bytesRead(run, partitionBytes, refreshed), read,
				written - run.rowsSuperseded(), run.rowsSuperseded(), skipped, run.missedFollows(), run.missedUnfollows(),
				rowsPerSecond, currentStep, startedAt, finishedAt, errors);
	}

	private static long bytesRead(BatchRuns.BatchRun run, Map<String, Long> partitionBytes, boolean refreshed) {
		if (run.bytesTotal() == null) {
			return 0;
		}
		if (refreshed) {
			return run.bytesTotal();
		}
		long sum = partitionBytes.values().stream().mapToLong(Long::longValue).sum();
		int partitions = Math.max(1, partitionBytes.size());
		return Math.min(run.bytesTotal(), sum / partitions);
	}

	/** The newest job execution that ran the named step. */
	private static @Nullable JobExecution latestOf(List<JobExecution> executions, String stepName) {
		JobExecution latest = null;
		for (JobExecution execution : executions) {
			boolean ranIt = execution.getStepExecutions().stream().anyMatch(s -> s.getStepName().equals(stepName));
			if (ranIt && (latest == null || execution.getId() > latest.getId())) {
				latest = execution;
			}
		}
		return latest;
	}

	/**
	 * The rows a step execution (a partition of the refresh, or the reconciliation) committed. A
	 * step that did not complete may count the reads of the chunk it rolled back; every chunk it
	 * committed was a full one.
	 */
	static long committedRows(StepExecution step) {
		if (step.getStatus() == BatchStatus.COMPLETED) {
			return step.getReadCount();
		}
		long chunkSize = step.getJobExecution().getJobParameters().getLong(SnapshotJobConfiguration.CHUNK_SIZE);
		return Math.min(step.getReadCount(), step.getCommitCount() * chunkSize);
	}

	/** Spring Batch keeps local date-times of the JVM's zone. */
	private static Instant instant(java.time.LocalDateTime time) {
		return time.atZone(java.time.ZoneId.systemDefault()).toInstant();
	}

}
