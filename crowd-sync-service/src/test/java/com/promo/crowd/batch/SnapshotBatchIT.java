package com.promo.crowd.batch;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.CrowdSyncTestBase;
import com.jayway.jsonpath.JsonPath;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SnapshotBatchIT extends CrowdSyncTestBase {

	@Autowired
	JobOperator jobs;

	@Autowired
	JobRepository repository;

	@Autowired
	CrowdSyncProperties properties;

	/** The sharded relation store (ShardingSphere routes a statement without a user id to every table). */
	@Autowired
	JdbcTemplate jdbc;

	/**
	 * A snapshot is the whole graph: every relation the earlier tests left following is absent from
	 * this test's snapshot, so its retire step ended each of them, one by one (46-99 s a test in CI,
	 * growing with every test before it). Each test starts from an empty relation store instead.
	 */
	@BeforeEach
	void emptyRelationStore() {
		this.jdbc.update("DELETE FROM follow_relation");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM follow_relation", Long.class)).isZero();
	}

	@Test
	void aGzippedSnapshotWithAHeaderAndBadRowsIsLoadedAndReported() throws Exception {
		Instant snapshotTime = now().minusSeconds(60);
		Path plain = Files.createTempFile("generated-", ".csv");
		long rows = new SnapshotGenerator(3_000, 400, 40, 1.05, 0.15, snapshotTime, 7, users()).write(plain);
		List<String> lines = new ArrayList<>(Files.readAllLines(plain));
		lines.add(5, "not,a,row");
		lines.add(9, "12,34");
		lines.add(20, "12,34,yesterday");
		lines.add(30, "12,34," + now().plus(Duration.ofDays(3)));
		Path gzipped = Files.createTempFile("generated-", ".csv.gz");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
			out.write(String.join("\n", lines).getBytes());
		}

		String report = runBatch(gzipped, snapshotTime);

		assertThat(count(report, "rowsRead")).isEqualTo(rows + 4);
		assertThat(count(report, "rowsSkipped")).isEqualTo(4);
		assertThat(count(report, "rowsApplied") + count(report, "rowsSuperseded")).isEqualTo(rows);
		assertThat(count(report, "missedFollows")).isEqualTo(rows);
		List<String> errors = JsonPath.read(report, "$.errors");
		assertThat(errors).filteredOn((e) -> e.startsWith("line ")).hasSize(4)
			.anyMatch((e) -> e.startsWith("line 6: userId 'not'"))
			.anyMatch((e) -> e.contains("followedAt 'yesterday'"));
		// more malformed rows than the retirement tolerates: relations absent from it are left to expire
		assertThat(errors).anyMatch((e) -> e.startsWith("relations absent from the snapshot were not ended"));
		assertThat(JsonPath.<String>read(report, "$.finishedAt")).isNotNull();

		for (String line : lines.subList(1, 60)) {
			String[] fields = line.split(",", -1);
			if (fields.length >= 3 &&  fields[2].endsWith("Z")
					&& Instant.parse(fields[2]).isBefore(snapshotTime)) {
				long user = Long.parseLong(fields[0]);
				assertThat(fast(user, allFans(Long.parseLong(fields[1])))).as(line).isTrue();
				assertThat(strong(user, allFans(Long.parseLong(fields[1])))).as(line).isTrue();
				boolean bought = fields.length == 4 && !fields[3].isEmpty();
				assertThat(fast(user, buyFans(Long.parseLong(fields[1])))).as(line).isEqualTo(bought);
				boolean old = Instant.parse(fields[2]).isBefore(now().minus(Duration.ofDays(30)));
				assertThat(fast(user, oldFans(Long.parseLong(fields[1])))).as(line).isEqualTo(old);
			}
		}
		// the same snapshot again finds no drift and changes nothing
		String again = runBatch(gzipped, snapshotTime);
		assertThat(count(again, "missedFollows")).isZero();
		assertThat(count(again, "rowsApplied")).isEqualTo(count(report, "rowsApplied"));
		// progress is in the file's own bytes (compressed here): all of them once the batch is done
		assertThat(count(report, "bytesTotal")).isEqualTo(Files.size(gzipped));
		assertThat(count(report, "bytesRead")).isEqualTo(Files.size(gzipped));
		// the list shows the newest batch first, each as its own report
		HttpResponse<String> listed = api().get("/ops/crowd-sync/batches?page=0&size=2", OPS);
		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		assertThat(JsonPath.<List<String>>read(listed.body(), "$.items[*].id"))
			.containsExactly(JsonPath.read(again, "$.id"), JsonPath.read(report, "$.id"));
		assertThat(JsonPath.<List<String>>read(listed.body(), "$.items[*].status")).containsOnly("COMPLETED");
		assertThat(JsonPath.<Integer>read(listed.body(), "$.total")).isGreaterThanOrEqualTo(2);
	}

	/**
	 * Stopped halfway (progress visible while it runs), then restarted: it goes on from its last
	 * committed chunk and every row is counted exactly once.
	 */
	@Test
	void anInterruptedBatchRestartedCompletesWithoutDoubleCounting() throws Exception {
		Instant snapshotTime = now().minusSeconds(30);
		Path file = Files.createTempFile("interrupted-", ".csv");
		long rows = new SnapshotGenerator(40_000, 8_000, 500, 1.05, 0.2, snapshotTime, 11, users()).write(file);
		Set<String> pairs = new HashSet<>();
		Files.readAllLines(file).stream().skip(1).forEach((line) -> pairs.add(line.substring(0, line.indexOf(',', line.indexOf(',') + 1))));

		String id = startBatch(file, snapshotTime);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
			String report = api().get("/ops/crowd-sync/batches/" + id, OPS).body();
			return count(report, "rowsRead") >= 1_000; // soon after the first commits: the refresh is fast
		});
		String midway = api().get("/ops/crowd-sync/batches/" + id, OPS).body();
		assertThat(JsonPath.<String>read(midway, "$.status")).isEqualTo("RUNNING");
		// Batch 6's stop updates the running step's record and may lose the race with a chunk commit
		await().atMost(Duration.ofSeconds(10)).ignoreException(OptimisticLockingFailureException.class).until(() -> {
			for (Long execution : this.jobs.getRunningExecutions(SnapshotJobConfiguration.JOB)) {
				this.jobs.stop(execution);
			}
			return true;
		});
		awaitBatch(id, "FAILED");
		String stopped = api().get("/ops/crowd-sync/batches/" + id, OPS).body();
		assertThat(count(stopped, "rowsRead")).isLessThan(rows);
		assertThat(count(stopped, "bytesTotal")).isEqualTo(Files.size(file));
		assertThat(count(stopped, "bytesRead")).as("a fraction of the file, as of the last commit")
			.isPositive()
			.isLessThan(Files.size(file));
		assertThat(api().post("/ops/crowd-sync/batches", OPS, "{\"snapshotPath\":\"" + file + "\",\"snapshotTime\":\""
				+ snapshotTime + "\"}").statusCode()).as("a stopped batch does not block a new one").isEqualTo(202);
		awaitIdle();

		assertThat(api().post("/ops/crowd-sync/batches/" + id + "/restart", OPS, "").statusCode()).isEqualTo(202);
		awaitBatch(id, "COMPLETED");

		String report = api().get("/ops/crowd-sync/batches/" + id, OPS).body();
		assertThat(count(report, "rowsRead")).isEqualTo(rows);
		assertThat(count(report, "rowsSkipped")).isZero();
		assertThat(count(report, "rowsApplied") + count(report, "rowsSuperseded")).isEqualTo(rows);
		assertThat(pairs).hasSize((int) rows);
		assertThat(count(report, "bytesRead")).isEqualTo(Files.size(file));
		assertThat(api().post("/ops/crowd-sync/batches/" + id + "/restart", OPS, "").statusCode()).isEqualTo(422);
	}

	/**
	 * The refresh's partitions share the users out and each counts its own rows: a snapshot of
	 * 3,000 users over every partition, with malformed rows (with and without a readable user id) and rows
	 * overruled by a later unfollow, is stopped midway and restarted; every count is exact, every
	 * partition read exactly its users' rows, and every row is checked in Redis.
	 */
	@Test
	void aPartitionedRefreshCountsEveryRowOnceAcrossAStopAndARestart() throws Exception {
		int partitions = this.properties.batchPartitions();
		assertThat(partitions).isGreaterThan(1);
		Instant snapshotTime = now().minusSeconds(60);
		Path generated = Files.createTempFile("partitioned-", ".csv");
		new SnapshotGenerator(24_000, 3_000, 400, 1.05, 0.2, snapshotTime, 13, users()).write(generated);
		List<String> lines = new ArrayList<>(Files.readAllLines(generated));
		String someRow = lines.get(100);
		String user = someRow.substring(0, someRow.indexOf(','));
		// from the end, so that the earlier positions stay put; 8 of them: the report keeps the first 10
		lines.add(23_900, user + ",77,2026-01-01");
		lines.add(20_000, "garbage");
		lines.add(16_000, user + ",x," + snapshotTime.minusSeconds(5));
		lines.add(12_000, "");
		lines.add(8_000, user + ",77," + snapshotTime.plusSeconds(5));
		lines.add(4_000, "1,2,3,4,5");
		lines.add(900, user + ",77,2026-01-01T00:00:00Z,never");
		lines.add(3, "-1,77,2026-01-01T00:00:00Z");
		Path file = snapshot(lines);

		// the reference reading of every line, and each row's partition
		List<SnapshotRow> rows = new ArrayList<>();
		long[] perPartition = new long[partitions];
		for (int i = 1; i < lines.size(); i++) {
			SnapshotRow row = SnapshotRow.parse(lines.get(i), i + 1, snapshotTime);
			rows.add(row);
			Long owner = SnapshotRow.userIdOf(lines.get(i));
			perPartition[(owner != null) ? UserPartition.of(owner, partitions) : 0]++;
		}
		List<SnapshotRow> valid = rows.stream().filter(SnapshotRow::isValid).toList();
		List<String> errors = rows.stream().filter((row) -> !row.isValid()).map(SnapshotRow::error).toList();
		assertThat(errors).hasSize(8);
		assertThat(java.util.Arrays.stream(perPartition).min().getAsLong()).as("rows of the smallest partition")
			.isGreaterThan(2_000);
		// unfollows after the snapshot was taken: their rows are superseded
		Set<SnapshotRow> unfollowed = new HashSet<>();
		for (int i = 0; i < valid.size(); i += 120) {
			SnapshotRow row = valid.get(i);
			this.relations.unfollow(row.userId(), row.sellerId(), snapshotTime.plusSeconds(30));
			unfollowed.add(row);
		}

		String id = startBatch(file, snapshotTime);
		// stopped as soon as it runs: the stop lands at the partitions' first chunk boundary (waiting
		// for a commit first let a fast run read every row before the stop, in a fresh clone's CI)
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
			.ignoreException(OptimisticLockingFailureException.class).until(() -> {
				boolean stopped = false;
				for (Long execution : this.jobs.getRunningExecutions(SnapshotJobConfiguration.JOB)) {
					stopped |= this.jobs.stop(execution);
				}
				return stopped;
			});
		awaitBatch(id, "FAILED");
		assertThat(count(api().get("/ops/crowd-sync/batches/" + id, OPS).body(), "rowsRead")).isLessThan(rows.size());
		assertThat(api().post("/ops/crowd-sync/batches/" + id + "/restart", OPS, "").statusCode()).isEqualTo(202);
		awaitBatch(id, "COMPLETED");

		String report = api().get("/ops/crowd-sync/batches/" + id, OPS).body();
		assertThat(count(report, "rowsRead")).isEqualTo(rows.size());
		assertThat(count(report, "rowsSkipped")).isEqualTo(errors.size());
		assertThat(count(report, "rowsSuperseded")).isEqualTo(unfollowed.size());
		assertThat(count(report, "rowsApplied")).isEqualTo(valid.size() - unfollowed.size());
		assertThat(JsonPath.<List<String>>read(report, "$.errors")).filteredOn((e) -> e.startsWith("line "))
			.containsExactlyInAnyOrderElementsOf(errors);
		// each partition read exactly its users' rows, over both executions
		JobInstance instance = this.repository.getJobInstance(SnapshotJobConfiguration.JOB,
				new JobParametersBuilder().addLong("batchId", Long.parseLong(id)).toJobParameters());
		long[] read = new long[partitions];
		for (JobExecution execution : this.repository.getJobExecutions(instance)) {
			for (StepExecution step : execution.getStepExecutions()) {
				if (step.getStepName().startsWith(SnapshotJobConfiguration.PARTITION_PREFIX)) {
					read[Integer.parseInt(step.getStepName().substring(SnapshotJobConfiguration.PARTITION_PREFIX.length()))]
						+= BatchReport.committedRows(step);
				}
			}
		}
		assertThat(read).containsExactly(perPartition);
		// row by row
		Instant oldBefore = now().minus(Duration.ofDays(30));
		Map<Long, Map<Object, Object>> hashes = new HashMap<>();
		for (SnapshotRow row : valid) {
			Map<Object, Object> memberships = hashes.computeIfAbsent(row.userId(), this::membershipHash);
			String seller = Long.toString(row.sellerId());
			if (unfollowed.contains(row)) {
				assertThat(fast(row.userId(), allFans(row.sellerId()))).as("superseded %s", row).isFalse();
				continue;
			}
			assertThat(memberships).as("%s", row).containsKey(seller + "_all_fans");
			assertThat(memberships.containsKey(seller + "_buy_fans")).as("%s", row).isEqualTo(row.firstPurchaseAt() != null);
			if (!row.followedAt().equals(oldBefore)) {
				assertThat(memberships.containsKey(seller + "_old_fans")).as("%s", row)
					.isEqualTo(row.followedAt().isBefore(oldBefore));
			}
		}
	}

	@Test
	void oneBatchRunsAtATime() throws Exception {
		Instant snapshotTime = now().minusSeconds(30);
		Path file = Files.createTempFile("busy-", ".csv");
		new SnapshotGenerator(30_000, 6_000, 300, 1.05, 0.2, snapshotTime, 5, users()).write(file);
		String id = startBatch(file, snapshotTime);

		HttpResponse<String> second = api().post("/ops/crowd-sync/batches", OPS,
				"{\"snapshotPath\":\"" + file + "\",\"snapshotTime\":\"" + snapshotTime + "\"}");

		assertThat(second.statusCode()).isEqualTo(409);
		awaitBatch(id, "COMPLETED");
	}

	/** API.md: a replay with the same Idempotency-Key answers the first 202; another body is 409. */
	@Test
	void aRepeatedStartWithTheSameIdempotencyKeyAnswersTheFirstBatch() throws Exception {
		Instant snapshotTime = now().minusSeconds(30);
		Path file = Files.createTempFile("keyed-", ".csv");
		new SnapshotGenerator(30_000, 6_000, 300, 1.05, 0.2, snapshotTime, 5, users()).write(file);
		String body = "{\"snapshotPath\":\"" + file + "\",\"snapshotTime\":\"" + snapshotTime + "\"}";
		String key = "batch-" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

		HttpResponse<String> first = api().post("/ops/crowd-sync/batches", OPS, body, "Idempotency-Key", key);
		HttpResponse<String> replay = api().post("/ops/crowd-sync/batches", OPS, body, "Idempotency-Key", key);
		HttpResponse<String> otherBody = api().post("/ops/crowd-sync/batches", OPS,
				"{\"snapshotPath\":\"" + file + "\",\"snapshotTime\":\"" + snapshotTime.minusSeconds(1) + "\"}",
				"Idempotency-Key", key);

		assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
		assertThat(ApiClient.json(replay, "$.id").toString()).isEqualTo(ApiClient.json(first, "$.id").toString());
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
		assertThat(otherBody.statusCode()).as(otherBody.body()).isEqualTo(409);
		assertThat(otherBody.body()).contains("CONFLICT");
		awaitBatch(ApiClient.json(first, "$.id"), "COMPLETED");
	}

	@Test
	void badRequestsAreRefusedByField() throws Exception {
		Path file = snapshot(List.of("1,2,2026-01-01T00:00:00Z"));
		assertThat(api().post("/ops/crowd-sync/batches", OPS, "{\"snapshotTime\":\"" + now() + "\"}").body())
			.contains("snapshotPath");
		assertThat(api().post("/ops/crowd-sync/batches", OPS,
				"{\"snapshotPath\":\"/nowhere/x.csv\",\"snapshotTime\":\"" + now() + "\"}").body())
			.contains("snapshotPath");
		assertThat(api().post("/ops/crowd-sync/batches", OPS,
				"{\"snapshotPath\":\"" + file + "\",\"snapshotTime\":\"" + now().plus(Duration.ofHours(1)) + "\"}").body())
			.contains("snapshotTime");
		assertThat(api().post("/ops/crowd-sync/batches", OPS,
				"{\"snapshotPath\":\"" + file + "\",\"snapshotTime\":\"" + now().minus(Duration.ofDays(200)) + "\"}")
			.body()).contains("snapshotTime").contains("tombstone");
		assertThat(api().post("/ops/crowd-sync/batches", OPS, "{\"snapshotPath\":\"" + file + "\",\"snapshotTime\":\"soon\"}")
			.statusCode()).isEqualTo(400);
		assertThat(api().post("/ops/crowd-sync/batches", TestTokens.token("3", "MERCHANT"),
				"{\"snapshotPath\":\"" + file + "\",\"snapshotTime\":\"" + now() + "\"}").statusCode()).isEqualTo(403);
		assertThat(api().get("/ops/crowd-sync/batches/123", OPS).statusCode()).isEqualTo(404);
		assertThat(api().get("/ops/crowd-sync/batches/abc", OPS).statusCode()).isEqualTo(404);
		assertThat(api().get("/ops/crowd-sync/batches?size=0", OPS).body()).contains("\"field\":\"size\"");
		assertThat(api().get("/ops/crowd-sync/batches?page=x", OPS).body()).contains("\"field\":\"page\"");
		assertThat(api().get("/ops/crowd-sync/batches", TestTokens.token("3", "MERCHANT")).statusCode()).isEqualTo(403);
	}

	/** A range of user ids of its own for each generated snapshot. */
	private static long users() {
		return 10_000_000_000L + ThreadLocalRandom.current().nextLong(1, 1_000_000) * 100_000L;
	}

	private void awaitIdle() {
		await().atMost(Duration.ofSeconds(120)).until(() -> this.jobs.getRunningExecutions(SnapshotJobConfiguration.JOB).isEmpty());
	}

}
