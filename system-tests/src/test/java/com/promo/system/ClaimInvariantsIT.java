package com.promo.system;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The claim invariants of ARCHITECTURE.md end to end, through activity-, coupon- and claim-service
 * running as processes: a stampede of claims never issues more than the stock or more than a
 * user's limit, and every 201 ends ISSUED (with exactly one wallet coupon) or visibly REJECTED —
 * also when a Redis master stops mid-run, when claim-service or the wallet's consumer is killed
 * with SIGKILL mid-run. After reconciliation remaining + issued + pending == total.
 */
class ClaimInvariantsIT {

	static RunningPlatform platform;

	static final ApiClient activities = new ApiClient(RunningPlatform.baseUrl("activity-service"));

	static final ApiClient coupons = new ApiClient(RunningPlatform.baseUrl("coupon-service"));

	static final ApiClient claims = new ApiClient(RunningPlatform.baseUrl("claim-service"));

	record Claimed(long user, String claimId) {
	}

	record Storm(List<Claimed> accepted, Map<Integer, Integer> statuses) {
	}

	@BeforeAll
	static void startPlatform() throws Exception {
		platform = RunningPlatform.get();
	}

	static String token(long subject, String role) {
		return TestTokens.sign(RunningPlatform.JWT_SECRET, String.valueOf(subject), Instant.now().plusSeconds(3600), role);
	}

	/** An enabled AMOUNT_OFF template whose activity starts running in a few seconds. */
	static long openSale(int stock, int perUserLimit) {
		Instant now = Instant.now();
		Instant running = now.plusSeconds(10);
		String ops = token(1, "OPS");
		HttpResponse<String> activity = activities.post("/ops/activities", ops, """
				{"title":"Stampede","kind":"COUPON","cityIds":["310000"],"couponTypes":["AMOUNT_OFF"],
				 "valueLowerLimit":100,"valueUpperLimit":50000,"applyStartTime":"%s","applyEndTime":"%s",
				 "activityStartTime":"%s","activityEndTime":"%s"}""".formatted(now.minusSeconds(5), running, running,
				now.plus(Duration.ofDays(1))));
		assertThat(activity.statusCode()).as(activity.body()).isEqualTo(201);
		String activityId = json(activity, "$.id");
		activities.post("/ops/activities/" + activityId + "/publish", ops, null);

		long merchant = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
		String merchantToken = token(merchant, "MERCHANT");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> coupons.post("/merchant/activities/" + activityId + "/signups", merchantToken, null)
				.statusCode() == 201);
		HttpResponse<String> template = coupons.post("/merchant/coupon-templates", merchantToken, """
				{"activityId":"%s","cityId":"310000","type":"AMOUNT_OFF","title":"1000 off","amountOff":1000,
				 "totalStock":%d,"perUserLimit":%d,"validity":{"type":"FLOATING","days":30}}"""
			.formatted(activityId, stock, perUserLimit));
		assertThat(template.statusCode()).as(template.body()).isEqualTo(201);
		long templateId = Long.parseLong(json(template, "$.id"));
		assertThat(coupons.post("/merchant/coupon-templates/" + templateId + "/enable", merchantToken, null).statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> claims.get("/ops/coupon-templates/" + templateId + "/stock", ops).statusCode() == 200);
		await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(running.plusMillis(200)));
		return templateId;
	}

	/**
	 * {@code requests} claims from {@code users} users at once (50 threads behind one barrier);
	 * {@code midway} runs in its own thread mid-sale: once 40 claims are accepted (or a third of the
	 * requests answered).
	 */
	static Storm storm(long templateId, int requests, int users, ThrowingRunnable midway) throws Exception {
		ConcurrentLinkedQueue<Claimed> accepted = new ConcurrentLinkedQueue<>();
		Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
		AtomicInteger answered = new AtomicInteger();
		int threads = 50;
		CyclicBarrier start = new CyclicBarrier(threads);
		Thread fault = null;
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			AtomicInteger next = new AtomicInteger();
			for (int t = 0; t < threads; t++) {
				pool.submit(() -> {
					start.await();
					for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
						long user = 70_000_000L + i % users;
						HttpResponse<String> response;
						try {
							response = claims.post("/api/coupon-templates/" + templateId + "/claims",
									token(user, "CONSUMER"), null);
						}
						catch (IllegalStateException unreachable) { // the service is down (killed on purpose)
							statuses.merge(0, 1, Integer::sum);
							answered.incrementAndGet();
							continue;
						}
						statuses.merge(response.statusCode(), 1, Integer::sum);
						if (response.statusCode() == 201) {
							accepted.add(new Claimed(user, json(response, "$.claimId")));
						}
						answered.incrementAndGet();
					}
					return null;
				});
			}
			if (midway != null) {
				await().atMost(Duration.ofSeconds(60))
					.until(() -> accepted.size() >= 40 || answered.get() >= requests / 3);
				fault = new Thread(() -> {
					try {
						midway.run();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
				fault.start();
			}
		}
		if (fault != null) {
			fault.join();
		}
		return new Storm(new ArrayList<>(accepted), statuses);
	}

	interface ThrowingRunnable {

		void run() throws Exception;

	}

	/** Waits until every accepted claim is ISSUED or REJECTED; returns claim id → final status. */
	static Map<String, String> settle(List<Claimed> accepted) {
		Map<String, String> finals = new HashMap<>();
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			for (Claimed claim : accepted) {
				if (!finals.containsKey(claim.claimId())) {
					HttpResponse<String> response = claims.get("/api/claims/" + claim.claimId(),
							token(claim.user(), "CONSUMER"));
					if (response.statusCode() == 200) {
						String status = json(response, "$.status");
						if (!status.equals("ACCEPTED")) {
							finals.put(claim.claimId(), status);
						}
					}
				}
			}
			return finals.size() == accepted.size();
		});
		return finals;
	}

	/** Every ISSUED claim has exactly one coupon in its user's wallet, and no other coupon exists. */
	static void assertOneWalletCouponPerIssuedClaim(long templateId, List<Claimed> accepted, Map<String, String> finals) {
		Map<Long, Set<String>> issuedByUser = new HashMap<>();
		for (Claimed claim : accepted) {
			if ("ISSUED".equals(finals.get(claim.claimId()))) {
				issuedByUser.computeIfAbsent(claim.user(), u -> new HashSet<>()).add(claim.claimId());
			}
		}
		for (Map.Entry<Long, Set<String>> user : issuedByUser.entrySet()) {
			HttpResponse<String> wallet = coupons.get("/api/me/coupons?size=100", token(user.getKey(), "CONSUMER"));
			List<String> claimIds = json(wallet, "$.items[?(@.templateId == '" + templateId + "')].claimId");
			assertThat(claimIds).as("wallet of user %d", user.getKey()).containsExactlyInAnyOrderElementsOf(user.getValue());
		}
	}

	static void assertStockAddsUp(long templateId, int total) {
		String ops = token(1, "OPS");
		// right after a failover Redis may still be settling: reconciliation answers 503 until it can run
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
			.until(() -> claims.post("/ops/coupon-templates/" + templateId + "/reconcile", ops, null).statusCode() == 200);
		HttpResponse<String> stock = claims.get("/ops/coupon-templates/" + templateId + "/stock", ops);
		int remaining = json(stock, "$.remaining");
		int issued = json(stock, "$.issued");
		int pending = json(stock, "$.pending");
		assertThat(remaining + issued + pending).as(stock.body()).isEqualTo(total);
		assertThat(issued).isLessThanOrEqualTo(total);
	}

	@Test
	void aStampedeOf2000ClaimsOn100UnitsIssuesExactly100WithinEveryUsersLimit() throws Exception {
		long template = openSale(100, 2);

		Storm storm = storm(template, 2000, 300, null);

		Map<String, String> finals = settle(storm.accepted());
		assertThat(finals.values().stream().filter("ISSUED"::equals)).hasSize(100);
		assertThat(finals).doesNotContainValue("REJECTED");
		Map<Long, Integer> perUser = new HashMap<>();
		storm.accepted().forEach(c -> perUser.merge(c.user(), 1, Integer::sum));
		assertThat(perUser.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
		assertThat(storm.statuses().keySet()).as("answers: %s", storm.statuses()).isSubsetOf(201, 409, 410);
		assertOneWalletCouponPerIssuedClaim(template, storm.accepted(), finals);
		assertStockAddsUp(template, 100);
	}

	@Test
	void aRedisMasterStoppedMidRunNeverOversellsAndEveryAcceptedClaimEndsVisibly() throws Exception {
		assumeThat(redisCli(7000, "ping").trim()).as("the local Redis Cluster of ./promo").isEqualTo("PONG");
		long template = openSale(100, 2);
		int master = masterOf("{t:" + template + "}:stock");

		Storm storm = storm(template, 2000, 300, () -> stopRedisNode(master));
		restartStoppedRedisNode();

		Map<String, String> finals = settle(storm.accepted());
		long issued = finals.values().stream().filter("ISSUED"::equals).count();
		long rejected = finals.values().stream().filter("REJECTED"::equals).count();
		System.out.printf("failover run: %d accepted, %d issued, %d rejected by the database arbiter, answers %s%n",
				storm.accepted().size(), issued, rejected, storm.statuses());
		assertThat(issued).isLessThanOrEqualTo(100);
		assertThat(issued + rejected).isEqualTo(storm.accepted().size());
		assertThat(storm.statuses().keySet()).isSubsetOf(201, 409, 410, 503);
		assertOneWalletCouponPerIssuedClaim(template, storm.accepted(), finals);
		assertStockAddsUp(template, 100);
	}

	@Test
	void claimServiceKilledMidRunLosesAndDuplicatesNothing() throws Exception {
		killMidRunAndCheckNothingIsLostOrDuplicated("claim-service");
	}

	@Test
	void theWalletsConsumerKilledBeforeCommittingIssuesEachClaimOnce() throws Exception {
		killMidRunAndCheckNothingIsLostOrDuplicated("coupon-service");
	}

	/**
	 * SIGKILLs {@code service} in the middle of a stampede and restarts it: every accepted claim
	 * still settles, no coupon is issued twice, reserved units come back or are issued, and the
	 * stock adds up.
	 */
	static void killMidRunAndCheckNothingIsLostOrDuplicated(String service) throws Exception {
		assumeThat(platform.owns(service)).as("this run started " + service).isTrue();
		long template = openSale(100, 2);

		Storm storm = storm(template, 1500, 300, () -> platform.kill9(service));
		platform.restart(service);

		Map<String, String> finals = settle(storm.accepted());
		assertThat(finals.values().stream().filter("ISSUED"::equals).count()).isLessThanOrEqualTo(100);
		assertOneWalletCouponPerIssuedClaim(template, storm.accepted(), finals);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			HttpResponse<String> stock = claims.get("/ops/coupon-templates/" + template + "/stock", token(1, "OPS"));
			assertThat((Integer) json(stock, "$.pending")).as("reserved units come back or are issued").isZero();
		});
		assertStockAddsUp(template, 100);
	}

	static String redisCli(int port, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return out;
	}

	/** Shuts a node down and returns once it no longer answers (it first waits for its replica). */
	static void stopRedisNode(int port) throws IOException, InterruptedException {
		redisCli(port, "shutdown", "nosave");
		await().atMost(Duration.ofSeconds(30)).until(() -> !redisCli(port, "ping").contains("PONG"));
	}

	/** The port of the master that owns the key's slot. */
	static int masterOf(String key) throws IOException, InterruptedException {
		int slot = Integer.parseInt(redisCli(7000, "cluster", "keyslot", key).trim());
		for (String line : redisCli(7000, "cluster", "nodes").split("\n")) {
			String[] f = line.trim().split(" ");
			if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < f.length; i++) {
				String[] range = f[i].split("-");
				int from = Integer.parseInt(range[0]);
				int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
				if (slot >= from && slot <= to) {
					return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
				}
			}
		}
		throw new IllegalStateException("no master for slot " + slot);
	}

	/** ./promo infra up restarts a node of ours that is down; it rejoins as a replica. */
	static void restartStoppedRedisNode() throws IOException, InterruptedException {
		String root = System.getProperty("promo.root", "..");
		Process process = new ProcessBuilder("bash", root + "/promo", "infra", "up").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor()).isZero();
	}

}
