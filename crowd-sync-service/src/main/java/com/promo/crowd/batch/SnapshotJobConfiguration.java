package com.promo.crowd.batch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.sharding.ShardLayout;
import com.promo.sharding.ShardingProperties;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.boot.batch.autoconfigure.BatchTransactionManager;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The T+1 snapshot job, three restartable steps over one snapshot file:
 * <ol>
 * <li>{@code refreshMemberships}: every row refreshes the user's Redis memberships (one script call
 * per user and chunk, pipelined), unless a tombstone newer than the snapshot overrules it. The
 * users are split into {@code batchPartitions} partitions by a hash of their id
 * ({@link UserPartition}), each a step execution of its own ({@code refreshMembershipsPartition:<n>})
 * on a thread of its own, reading the whole file and keeping its users' rows;</li>
 * <li>{@code reconcileStore}: the relation store learns what the snapshot holds and it did not
 * (drift: follows the real-time path missed);</li>
 * <li>{@code retireMissing}: relations the store still has as following, older than the snapshot
 * and absent from it, are unfollows the real-time path missed (drift) and end now.</li>
 * </ol>
 * Spring Batch keeps its job repository in the first physical database (not through
 * ShardingSphere), so a job interrupted by a crash resumes from its last committed chunk.
 * <p>
 * The chunk steps use the classic {@code TaskletStep} ({@code chunk(size, transactionManager)}):
 * Batch 6.0's new {@code ChunkOrientedStep} saves a stopped step's reader position as 0, so a
 * restart read the file again from the top (spring-batch#5182, #5126); our restart test caught it.
 * So a reader's position is not saved: a restarted partition skips the rows of its users that its
 * earlier executions committed (each commit is a full chunk of its own rows). A restart keeps the
 * partition count the batch started with (job parameter {@code partitions}).
 */
@SuppressWarnings("removal")
@Configuration(proxyBeanMethods = false)
class SnapshotJobConfiguration {

	static final String JOB = "crowdSnapshot";

	static final String REFRESH_STEP = "refreshMemberships";

	/** One partition of the refresh; its step executions are {@code refreshMembershipsPartition:<n>}. */
	static final String PARTITION_STEP = REFRESH_STEP + "Partition";

	static final String PARTITION_PREFIX = PARTITION_STEP + ":";

	/** Job parameter: the refresh's partition count the batch was started with (restarts go on with it). */
	static final String PARTITIONS = "partitions";

	static final String RECONCILE_STEP = "reconcileStore";

	static final String RETIRE_STEP = "retireMissing";

	/** Job parameter: the chunk size the batch was started with (restarts go on with it). */
	static final String CHUNK_SIZE = "chunkSize";

	@Bean(defaultCandidate = false, destroyMethod = "")
	@BatchDataSource
	DataSource batchDataSource(ShardLayout layout) {
		return layout.physical().get(ShardingProperties.dataSourceName(0));
	}

	@Bean(defaultCandidate = false)
	@BatchTransactionManager
	PlatformTransactionManager batchTransactionManager(@BatchDataSource DataSource batchDataSource) {
		return new DataSourceTransactionManager(batchDataSource);
	}

	/** Jobs run in the background: the ops request that starts one answers at once. */
	@Bean(defaultCandidate = false)
	@BatchTaskExecutor
	TaskExecutor batchTaskExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("crowd-batch-");
		executor.setVirtualThreads(true);
		return executor;
	}

	@Bean
	Job crowdSnapshotJob(JobRepository jobs, Step refreshMemberships, Step reconcileStore, Step retireMissing,
			BatchCompletion completion) {
		return new JobBuilder(JOB, jobs).start(refreshMemberships)
			.next(reconcileStore)
			.next(retireMissing)
			.listener(completion)
			.build();
	}

	@Bean
	Step refreshMemberships(JobRepository jobs, Step refreshPartition, CrowdSyncProperties properties) {
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("crowd-refresh-");
		threads.setConcurrencyLimit(properties.batchPartitions());
		// a restart keeps the grid size it started with (Spring Batch keeps it in the step's context)
		return new StepBuilder(REFRESH_STEP, jobs).partitioner(PARTITION_STEP, partitioner())
			.step(refreshPartition)
			.gridSize(properties.batchPartitions())
			.taskExecutor(threads)
			.build();
	}

	/** One partition of the refresh (its step executions are named by the partitioner). */
	@Bean
	Step refreshPartition(JobRepository jobs, @BatchTransactionManager PlatformTransactionManager transactions,
			MembershipRefreshTasklet refresh) {
		return new StepBuilder(PARTITION_STEP, jobs).tasklet(refresh, transactions).stream(refresh).build();
	}

	/**
	 * Names the partitions {@code 0} to {@code count - 1}; each partition's reader knows its share
	 * by its step execution's name ({@link #snapshotReader}).
	 */
	private static Partitioner partitioner() {
		return (count) -> {
			Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
			for (int index = 0; index < count; index++) {
				partitions.put(Integer.toString(index), new ExecutionContext());
			}
			return partitions;
		};
	}

	@Bean
	Step reconcileStore(JobRepository jobs, @BatchTransactionManager PlatformTransactionManager transactions,
			SnapshotReader snapshotReader, StoreReconcileWriter writer,
			CrowdSyncProperties properties) {
		return new StepBuilder(RECONCILE_STEP, jobs).<SnapshotRow, SnapshotRow>chunk(properties.chunkSize(), transactions)
			.reader(snapshotReader)
			.processor((SnapshotRow row) -> row.isValid() ? row : null)
			.writer(writer)
			.build();
	}

	@Bean
	Step retireMissing(JobRepository jobs, @BatchTransactionManager PlatformTransactionManager transactions,
			MissedUnfollowTasklet tasklet) {
		return new StepBuilder(RETIRE_STEP, jobs).tasklet(tasklet, transactions).build();
	}

	/**
	 * Each step (and each partition) gets its own reader (step scope). On a restart it skips the
	 * rows its earlier executions committed, as counted in Spring Batch's step table (the read count
	 * is saved with each chunk's commit). The reader's own saved position is not used: Batch 6.0
	 * saves it as 0 when a step is stopped. A step that is not partitioned reads every row.
	 */
	@Bean
	@StepScope
	SnapshotReader snapshotReader(JobRepository jobs, CrowdSyncProperties properties,
			@Value("#{stepExecution}") StepExecution step,
			@Value("#{jobParameters['snapshotPath']}") String snapshotPath,
			@Value("#{jobParameters['snapshotTime']}") String snapshotTime) {
		long done = jobs.getJobExecutions(step.getJobExecution().getJobInstance())
			.stream()
			.filter((execution) -> execution.getId() != step.getJobExecutionId())
			.flatMap((execution) -> execution.getStepExecutions().stream())
			.filter((earlier) -> earlier.getStepName().equals(step.getStepName()))
			.mapToLong(BatchReport::committedRows)
			.sum();
		UserPartition partition = UserPartition.ALL;
		if (step.getStepName().startsWith(PARTITION_PREFIX)) {
			Long count = step.getJobParameters().getLong(PARTITIONS);
			partition = new UserPartition(Integer.parseInt(step.getStepName().substring(PARTITION_PREFIX.length())),
					Math.toIntExact((count != null) ? count : properties.batchPartitions()));
		}
		return new SnapshotReader(Path.of(snapshotPath), Instant.parse(snapshotTime), partition, done);
	}

}
