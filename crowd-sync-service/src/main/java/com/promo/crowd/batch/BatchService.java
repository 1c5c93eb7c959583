package com.promo.crowd.batch;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.batch.BatchRuns.BatchRun;
import com.promo.scheduling.ClusterJobs;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskResult;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskWithResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Starts snapshot loads, reports on them, and resumes those a dead process left behind: a batch
 * whose execution is marked running but has not moved for {@code staleAfter} is recovered (marked
 * failed) and restarted from its last committed chunk. One batch runs at a time. The check for
 * abandoned batches runs on one instance of the cluster at a time ({@link ClusterJobs}): two
 * instances recovering the same execution at once could both restart it.
 */
@Service
class BatchService {

	private static final Logger logger = LoggerFactory.getLogger(BatchService.class);

	private static final String BATCH_ID = "batchId";

	/** A start takes well under a second; a process that died starting one blocks others this long at most. */
	private static final Duration START_LOCK_AT_MOST_FOR = Duration.ofSeconds(30);

	private final BatchRuns runs;

	private final JobOperator operator;

	private final JobRepository repository;

	private final Job job;

	private final BatchCompletion completion;

	private final CrowdSyncProperties properties;

	private final Clock clock;

	private final ClusterJobs jobs;

	private final LockingTaskExecutor locks;

	BatchService(BatchRuns runs, JobOperator operator, JobRepository repository, Job crowdSnapshotJob,
			BatchCompletion completion, CrowdSyncProperties properties, Clock clock, ClusterJobs jobs,
			LockingTaskExecutor locks) {
		this.runs = runs;
		this.operator = operator;
		this.repository = repository;
		this.job = crowdSnapshotJob;
		this.completion = completion;
		this.properties = properties;
		this.clock = clock;
		this.jobs = jobs;
		this.locks = locks;
	}

	synchronized BatchReport start(String snapshotPath, Instant snapshotTime) {
		Path path = path(snapshotPath);
		if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
			throw ProblemException.invalidField("snapshotPath", "no readable file at this path");
		}
		Instant now = this.clock.instant();
		if (snapshotTime.isAfter(now.plus(this.properties.maxEventSkew()))) {
			throw ProblemException.invalidField("snapshotTime", "must not be in the future");
		}
		if (snapshotTime.isBefore(now.minus(this.properties.tombstoneRetention()))) {
			throw ProblemException.invalidField("snapshotTime", "is older than the tombstone retention ("
					+ this.properties.tombstoneRetention() + "); unfollows since then could be resurrected");
		}
		// from the check for a running batch to the launch, one instance of the cluster at a time:
		// two instances asked at once both found none running and both started one
		TaskResult<BatchReport> started;
		try {
			started = this.locks.executeWithLock((TaskWithResult<BatchReport>) () -> startUnlessOneRuns(path, snapshotTime),
					// the lock's own time is the wall clock (as ClusterJobs'), whatever clock judges the snapshot
					new LockConfiguration(Instant.now(), "crowd-batch-start", START_LOCK_AT_MOST_FOR, Duration.ZERO));
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
		if (!started.wasExecuted()) {
			throw new ProblemException(ProblemCode.CONFLICT, "another instance is starting a batch at this moment");
		}
		return Objects.requireNonNull(started.getResult());
	}

	private BatchReport startUnlessOneRuns(Path path, Instant snapshotTime) {
		for (JobExecution running : this.repository.findRunningJobExecutions(SnapshotJobConfiguration.JOB)) {
			if (!isStale(running)) {
				throw new ProblemException(ProblemCode.CONFLICT,
						"batch " + running.getJobParameters().getLong(BATCH_ID) + " is still running");
			}
		}
		long id = TsidCreator.getTsid().toLong();
		Instant time = snapshotTime.truncatedTo(ChronoUnit.MILLIS);
		this.runs.insert(id, path.toAbsolutePath().toString(), time, size(path));
		JobParameters parameters = new JobParametersBuilder(identity(id))
			.addString("snapshotPath", path.toAbsolutePath().toString(), false)
			.addString("snapshotTime", time.toString(), false)
			.addLong(SnapshotJobConfiguration.CHUNK_SIZE, (long) this.properties.chunkSize(), false)
			.addLong(SnapshotJobConfiguration.PARTITIONS, (long) this.properties.batchPartitions(), false)
			.toJobParameters();
		try {
			this.operator.start(this.job, parameters);
		}
		catch (Exception ex) {
			throw new ProblemException(ProblemCode.UNAVAILABLE, "the batch could not be started: " + ex.getMessage());
		}
		return report(id);
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (java.io.IOException ex) {
			throw ProblemException.invalidField("snapshotPath", "cannot read the file's size: " + ex.getMessage());
		}
	}

	/** The path the caller named; one the file system cannot even express (a NUL in it) is their mistake, not ours. */
	private static Path path(String snapshotPath) {
		try {
			return Path.of(snapshotPath);
		}
		catch (InvalidPathException ex) {
			throw ProblemException.invalidField("snapshotPath", "is not a valid path: " + ex.getReason());
		}
	}

	BatchReport report(long id) {
		BatchRun run = this.runs.find(id).orElseThrow(() -> ProblemException.notFound("batch " + id));
		return BatchReport.of(run, executions(id));
	}

	/** The batches, the newest first, each as {@link #report} shows it. */
	PageResponse<BatchReport> list(PageQuery page) {
		return this.runs.findPage(page).map(run -> BatchReport.of(run, executions(run.id())));
	}

	/** Restarts a failed (or stopped) batch from its last committed chunk. */
	synchronized BatchReport restart(long id) {
		BatchRun run = this.runs.find(id).orElseThrow(() -> ProblemException.notFound("batch " + id));
		JobExecution last = this.repository.getLastJobExecution(SnapshotJobConfiguration.JOB, identity(run.id()));
		if (last == null || last.getStatus().isRunning() || last.getStatus() == BatchStatus.COMPLETED) {
			throw new ProblemException(ProblemCode.INVALID_STATE, "only a failed or stopped batch can be restarted");
		}
		resume(last);
		return report(id);
	}

	@EventListener(ApplicationReadyEvent.class)
	void resumeAfterStartup() {
		resumeAbandonedOnce();
	}

	@Scheduled(initialDelayString = "${promo.crowd.batch-resume-check:60s}",
			fixedDelayString = "${promo.crowd.batch-resume-check:60s}")
	void resumeAbandonedOnce() {
		// a check reads the job repository and launches restarts asynchronously: well under a
		// second; a holder that died checking delays the recovery by at most five intervals (5 min
		// by default), on top of batchStaleAfter
		Duration interval = this.properties.batchResumeCheck();
		this.jobs.runLocked("crowd-batch-recovery", interval, interval.multipliedBy(5), this::resumeAbandoned);
	}

	synchronized void resumeAbandoned() {
		try {
			for (JobExecution running : this.repository.findRunningJobExecutions(SnapshotJobConfiguration.JOB)) {
				if (isStale(running)) {
					logger.warn("Batch {} has not progressed for {}; resuming it from its last committed chunk",
							running.getJobParameters().getLong(BATCH_ID), this.properties.batchStaleAfter());
					resume(this.operator.recover(running));
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Looking for abandoned batches failed; trying again later", ex);
		}
	}

	private void resume(JobExecution last) {
		try {
			this.operator.restart(last);
		}
		catch (Exception ex) {
			throw new ProblemException(ProblemCode.UNAVAILABLE, "the batch could not be restarted: " + ex.getMessage());
		}
	}

	/** Running, but neither here nor committing for a while: its process died. */
	private boolean isStale(JobExecution execution) {
		if (this.completion.runsHere(execution)) {
			return false;
		}
		LocalDateTime updated = execution.getLastUpdated();
		for (var step : execution.getStepExecutions()) {
			if (step.getLastUpdated() != null && (updated == null || step.getLastUpdated().isAfter(updated))) {
				updated = step.getLastUpdated();
			}
		}
		if (updated == null) {
			updated = execution.getCreateTime();
		}
		return updated.atZone(ZoneId.systemDefault()).toInstant().isBefore(Instant.now().minus(this.properties.batchStaleAfter()));
	}

	private List<JobExecution> executions(long batchId) {
		JobInstance instance = this.repository.getJobInstance(SnapshotJobConfiguration.JOB, identity(batchId));
		return (instance != null) ? this.repository.getJobExecutions(instance) : List.of();
	}

	/** A batch's job instance is identified by the batch id alone. */
	private static JobParameters identity(long batchId) {
		return new JobParametersBuilder().addLong(BATCH_ID, batchId).toJobParameters();
	}

}
