package com.promo.crowd.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.DistributionSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Knows which job executions run in this process, and records a finished batch's figures as metrics: {@code crowd.batch.drift} (relations the store had
 * wrong, per batch), {@code crowd.batch.rows} and {@code crowd.batch.rows.per.second}.
 */
@Component
class BatchCompletion implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(BatchCompletion.class);

	private final BatchRuns runs;

	private final JobRepository jobs;

	private final DistributionSummary drift;

	private final DistributionSummary rows;

	private final DistributionSummary rowsPerSecond;

	BatchCompletion(BatchRuns runs, JobRepository jobs, MeterRegistry meters) {
		this.runs = runs;
		this.jobs = jobs;
		this.drift = DistributionSummary.builder("crowd.batch.drift")
			.description("Relations per batch the relation store had wrong (missed follows and unfollows)")
			.register(meters);
		this.rows = DistributionSummary.builder("crowd.batch.rows").description("Rows read per batch").register(meters);
		this.rowsPerSecond = DistributionSummary.builder("crowd.batch.rows.per.second")
			.description("Rows per second of the membership refresh, per batch")
			.register(meters);
	}

	/** Job executions running in this process (never "abandoned", however slow). */
	private final Set<Long> runningHere = ConcurrentHashMap.newKeySet();

	boolean runsHere(JobExecution execution) {
		return this.runningHere.contains(execution.getId());
	}

	@Override
	public void beforeJob(JobExecution execution) {
		this.runningHere.add(execution.getId());
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.runningHere.remove(execution.getId());
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			return;
		}
		long id = execution.getJobParameters().getLong("batchId");
		this.runs.find(id).ifPresent((run) -> {
			// this execution is not saved as completed yet: report it with its own (final) state
			List<JobExecution> executions = new ArrayList<>(this.jobs.getJobExecutions(execution.getJobInstance()));
			executions.removeIf((saved) -> saved.getId() == execution.getId());
			executions.add(execution);
			BatchReport report = BatchReport.of(run, executions);
			this.drift.record(report.missedFollows() + report.missedUnfollows());
			this.rows.record(report.rowsRead());
			this.rowsPerSecond.record(report.rowsPerSecond());
			logger.info("Batch {} completed: {}", id, report);
		});
	}

}
