package com.promo.crowd;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.promo.crowd.reader.CrowdKeys;
import com.promo.crowd.relation.RelationService;
import com.promo.crowd.relation.RelationStore;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;
import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running crowd-sync-service for all its integration tests: its own shard databases and
 * consumer group on the real MariaDB, Redis Cluster and Kafka, and a clock the tests can move
 * forward (expiries are judged by it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CrowdSyncTestBase.TestClockConfiguration.class)
public abstract class CrowdSyncTestBase {

	protected static final TestClock CLOCK = new TestClock();

	protected static final String SERVICE = TestTokens.token("1", "SERVICE");

	protected static final String OPS = TestTokens.token("2", "OPS");

	/** Ids of this run: high and spread so that reruns against one database never meet. */
	private static final AtomicLong IDS = new AtomicLong(
			3_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000L) * 1000);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.shardedDatabases(registry, "it_crowd", 2);
		registry.add("spring.kafka.consumer.group-id", () -> "it-crowd-" + UUID.randomUUID());
		registry.add("promo.crowd.chunk-size", () -> "500");
		// the property test loads snapshots from weeks ago
		registry.add("promo.crowd.tombstone-retention", () -> "120d");
		registry.add("promo.crowd.sweep-interval", () -> "1h");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestClockConfiguration {

		@Bean
		@Primary
		Clock testClock() {
			return CLOCK;
		}

	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected StringRedisTemplate redis;

	@Autowired
	protected RelationService relations;

	@Autowired
	protected RelationStore store;

	@AfterEach
	void resetClock() {
		CLOCK.reset();
	}

	protected static long newId() {
		return IDS.incrementAndGet();
	}

	protected ApiClient api() {
		return ApiClient.local(this.port);
	}

	protected static Instant now() {
		return CLOCK.instant();
	}

	protected boolean fast(long user, String crowdId) {
		return member(user, crowdId, "fast");
	}

	protected boolean strong(long user, String crowdId) {
		return member(user, crowdId, "strong");
	}

	private boolean member(long user, String crowdId, String consistency) {
		HttpResponse<String> response = api().get("/internal/crowds/" + crowdId + "/members/" + user
				+ "?consistency=" + consistency, SERVICE);
		if (response.statusCode() != 200) {
			throw new AssertionError(response.statusCode() + " " + response.body());
		}
		return ApiClient.<Boolean>json(response, "$.member");
	}

	protected Map<Object, Object> membershipHash(long user) {
		return this.redis.opsForHash().entries(CrowdKeys.memberships(Long.toString(user)));
	}

	protected static String allFans(long seller) {
		return seller + "_all_fans";
	}

	protected static String buyFans(long seller) {
		return seller + "_buy_fans";
	}

	protected static String oldFans(long seller) {
		return seller + "_old_fans";
	}

	protected static Duration ttl() {
		return Duration.ofHours(26);
	}

	/** Writes a snapshot file of {@code userId,sellerId,followedAt[,firstPurchaseAt]} lines. */
	protected static Path snapshot(List<String> lines) throws IOException {
		Path file = Files.createTempFile("snapshot-", ".csv");
		Files.write(file, lines);
		file.toFile().deleteOnExit();
		return file;
	}

	protected static String row(long user, long seller, Instant followedAt) {
		return user + "," + seller + "," + followedAt;
	}

	/** Starts a batch and waits for it to end; returns its report. */
	protected String runBatch(Path snapshot, Instant snapshotTime) {
		String id = startBatch(snapshot, snapshotTime);
		awaitBatch(id, "COMPLETED");
		return api().get("/ops/crowd-sync/batches/" + id, OPS).body();
	}

	protected String startBatch(Path snapshot, Instant snapshotTime) {
		HttpResponse<String> started = api().post("/ops/crowd-sync/batches", OPS,
				"{\"snapshotPath\":\"" + snapshot + "\",\"snapshotTime\":\"" + snapshotTime + "\"}");
		if (started.statusCode() != 202) {
			throw new AssertionError(started.statusCode() + " " + started.body());
		}
		return ApiClient.json(started, "$.id");
	}

	protected void awaitBatch(String id, String status) {
		Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
			String current = ApiClient.json(api().get("/ops/crowd-sync/batches/" + id, OPS), "$.status");
			if (!current.equals("RUNNING") && !current.equals(status)) {
				throw new AssertionError("batch " + id + " ended " + current + ": "
						+ api().get("/ops/crowd-sync/batches/" + id, OPS).body());
			}
			return current.equals(status);
		});
	}

	protected static long count(String report, String field) {
		return ((Number) JsonPath.read(report, "$." + field)).longValue();
	}

}
