package com.promo.crowd;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.promo.crowd.relation.CrowdType;
import com.promo.testsupport.AllAtOnce;
import com.promo.testsupport.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Races around the snapshot batch: unfollows arriving while the batch refreshes the same users,
 * and two instances asked to start a batch at the same moment.
 */
class BatchRacesIT extends CrowdSyncTestBase {

	/** SnapshotJobConfiguration's job: one instance per batch. */
	static final String SNAPSHOT_JOB = "crowdSnapshot";

	@Autowired
	Environment environment;

	@Autowired
	JobRepository batches;

	/** A snapshot of {@code users} users from {@code firstUser} on, each following the sellers. */
	static Path snapshotOf(long firstUser, int users, long[] sellers, Instant followedAt) throws Exception {
		List<String> lines = new ArrayList<>();
		for (int u = 0; u < users; u++) {
			for (long seller : sellers) {
				lines.add(row(firstUser + u, seller, followedAt));
			}
		}
		return snapshot(lines);
	}

	static long firstUserOfARange(int users) {
		long first = newId();
		for (int i = 1; i < users; i++) {
			newId();
		}
		return first;
	}

	/**
	 * While a batch refreshes 6,000 users' memberships from a snapshot that says they follow, a
	 * third of them unfollow (newer than the snapshot), in an order unrelated to the batch's, from
	 * four threads as the consumers would: some unfollows land before the batch reaches the user,
	 * some after, some during. The tombstone wins every time: afterwards none of them is a member,
	 * in the store or in Redis, while every other user is.
	 */
	@Test
	void anUnfollowArrivingWhileTheBatchRefreshesTheUserWins() throws Exception {
		int users = 6_000;
		long seller = 810_000 + newId() % 10_000;
		long firstUser = firstUserOfARange(users);
		Instant snapshotTime = now().minus(Duration.ofHours(1));
		Path snapshot = snapshotOf(firstUser, users, new long[] { seller }, snapshotTime.minus(Duration.ofDays(10)));
		List<Long> unfollowing = new ArrayList<>();
		for (int u = users - 1; u >= 0; u -= 3) { // from the end of the file to its start: meets the batch midway
			unfollowing.add(firstUser + u);
		}

		String batch = startBatch(snapshot, snapshotTime);
		Instant unfollowedAt = now().minusSeconds(5);
		List<Callable<Void>> consumers = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			int consumer = c;
			consumers.add(() -> {
				for (int i = consumer; i < unfollowing.size(); i += 4) {
					this.relations.unfollow(unfollowing.get(i), seller, unfollowedAt);
				}
				return null;
			});
		}
		AllAtOnce.run(consumers);
		String running = ApiClient.json(api().get("/ops/crowd-sync/batches/" + batch, OPS), "$.status");
		awaitBatch(batch, "COMPLETED");

		String report = api().get("/ops/crowd-sync/batches/" + batch, OPS).body();
		assertThat(count(report, "rowsRead")).isEqualTo(users);
		for (long user = firstUser; user < firstUser + users; user++) {
			boolean unfollowed = (firstUser + users - 1 - user) % 3 == 0;
			assertThat(this.store.findOrAbsent(user, seller).following()).as("store, user %d (unfollowed: %s)", user, unfollowed)
				.isEqualTo(!unfollowed);
			assertThat(membershipHash(user).containsKey(CrowdType.ALL_FANS.crowdId(seller)))
				.as("redis, user %d (unfollowed: %s; the batch was %s when the unfollows were in)", user, unfollowed,
						running)
				.isEqualTo(!unfollowed);
		}
	}

	/**
	 * Two instances on the same databases, each asked four times at once to start a batch: exactly
	 * one request starts one (202), every other is refused (409), and the job repository holds one
	 * batch more.
	 */
	@Test
	void twoInstancesAskedToStartABatchAtOnceStartOne() throws Exception {
		int users = 20_000;
		long firstUser = firstUserOfARange(users);
		Instant snapshotTime = now().minus(Duration.ofHours(1));
		Path snapshot = snapshotOf(firstUser, users, new long[] { 820_001, 820_002 }, snapshotTime.minus(Duration.ofDays(3)));
		long batchesBefore = this.batches.getJobInstanceCount(SNAPSHOT_JOB);
		try (ConfigurableApplicationContext other = secondInstance()) {
			ApiClient otherApi = ApiClient.local(((WebServerApplicationContext) other).getWebServer().getPort());
			String body = "{\"snapshotPath\":\"" + snapshot + "\",\"snapshotTime\":\"" + snapshotTime + "\"}";
			List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				ApiClient instance = (i % 2 == 0) ? api() : otherApi;
				requests.add(() -> instance.post("/ops/crowd-sync/batches", OPS, body));
			}
			List<HttpResponse<String>> answers = AllAtOnce.run(requests);
			List<String> started = new ArrayList<>();
			for (HttpResponse<String> answer : answers) {
				if (answer.statusCode() == 202) {
					started.add(ApiClient.json(answer, "$.id"));
				}
			}
			// every batch started ends before the second instance does: none is left behind running
			started.forEach((id) -> awaitBatch(id, "COMPLETED"));

			assertThat(answers).extracting(HttpResponse::statusCode).allSatisfy((status) -> assertThat(status).isIn(202, 409));
			assertThat(started).as("batches started by %s", answers.stream().map(HttpResponse::body).toList()).hasSize(1);
			assertThat(this.batches.getJobInstanceCount(SNAPSHOT_JOB) - batchesBefore).as("batches in the job repository")
				.isEqualTo(1);
		}
	}

	/** crowd-sync-service again, as a second instance of the cluster: the same databases, Redis and broker. */
	private ConfigurableApplicationContext secondInstance() {
		Map<String, String> shared = new java.util.LinkedHashMap<>();
		for (String name : List.of("promo.sharding.url-template", "promo.sharding.databases", "promo.sharding.username",
				"promo.sharding.password", "spring.data.redis.cluster.nodes", "spring.kafka.bootstrap-servers",
				"promo.security.jwt-secret", "promo.crowd.chunk-size", "promo.crowd.tombstone-retention",
				"promo.crowd.sweep-interval")) {
			shared.put(name, this.environment.getRequiredProperty(name));
		}
		shared.put("server.port", "0");
		shared.put("spring.kafka.consumer.group-id", "it-crowd-second-" + UUID.randomUUID());
		return new SpringApplicationBuilder(CrowdSyncServiceApplication.class)
			.run(shared.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
	}

}
