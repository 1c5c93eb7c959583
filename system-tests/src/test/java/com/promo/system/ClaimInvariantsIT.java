package com.promo.system;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.github.f4b6a3.tsid.Tsid;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.FaultClock;
import com.promo.testsupport.LocalRedisCluster;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The claim invariants of ARCHITECTURE.md end to end, through activity-, coupon- and claim-service
 * running as processes: a stampede of claims never issues more than the stock or more than a
 * user's limit, and every 201 ends ISSUED (with exactly one wallet coupon) or visibly REJECTED —
 * also when a Redis master stops mid-run, when claim-service or the wallet's consumer is killed
 * with SIGKILL mid-run. After reconciliation remaining + issued + pending == total, and what
 * claim-service reports agrees with what the wallet and the arbiter stored (read over JDBC).
 * <p>
 * A fault test proves its fault really overlapped the load, or fails: the killed pid is gone (the
 * Redis master of the template's slot changed), claims were accepted before the fault struck and
 * after it took effect, and errors were answered in between. Nothing here is skipped: a platform
 * of ./promo is killed and restarted the same way (see {@link RunningPlatform#kill9}).
 */
class ClaimInvariantsIT {

	static RunningPlatform platform;

	static Stores stores;

	static final ApiClient activities = new ApiClient(RunningPlatform.baseUrl("activity-service"));

	static final ApiClient coupons = new ApiClient(RunningPlatform.baseUrl("coupon-service"));

	static final ApiClient claims = new ApiClient(RunningPlatform.baseUrl("claim-service"));

	/** Claims accepted before a fault starts; the stock is sized so that many remain for after it. */
	static final int ACCEPTED_BEFORE_FAULT = 40;

	/** Once the fault is over, the load stops after this many 201s sent after it (or a sell-out). */
	static final int ACCEPTED_AFTER_FAULT = 30;

	/** The whole load, retries included, ends by then at the latest (the assertions then say why). */
	static final Duration LOAD_LIMIT = Duration.ofMinutes(3);

	/** The platform's own MariaDB and Kafka broker (README "Ports"), which two fault tests restart. */
	static final int MARIADB_PORT = 3307;

	static final int KAFKA_PORT = 9092;

	@BeforeAll
	static void startPlatform() throws Exception {
		platform = RunningPlatform.get();
		stores = Stores.of(platform);
	}

	/** A fault that failed half-way leaves no service dead for the tests after it. */
	@AfterEach
	void restartWhatAFaultLeftKilled() throws Exception {
		platform.restartKilled();
	}

	static String token(long subject, String role) {
		return TestTokens.sign(RunningPlatform.JWT_SECRET, String.valueOf(subject), Instant.now().plusSeconds(3600), role);
	}

	@Test
	void aStampedeOf2000ClaimsOn100UnitsIssuesExactly100WithinEveryUsersLimit() throws Exception {
		long template = openSale(100, 2);

		Storm storm = storm(template, 2000, 300, null, null);

		Map<String, String> finals = settle(storm.accepted());
		assertThat(finals.values().stream().filter("ISSUED"::equals)).hasSize(100);
		Map<Long, Integer> perUser = new HashMap<>();
		storm.accepted().forEach(c -> perUser.merge(c.user(), 1, Integer::sum));
		assertThat(perUser.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(2));
		assertThat(storm.statuses(Target.CLAIMS).keySet()).as("answers: %s", storm.statuses(Target.CLAIMS))
			.isSubsetOf(201, 409, 410);
		assertTheClaimInvariants(template, 100, 2, storm, finals, 0);
	}

	@Test
	void aRedisMasterStoppedMidRunNeverOversellsAndEveryAcceptedClaimEndsVisibly() throws Exception {
		LocalRedisCluster.assertLocalClusterAnswers();
		// 600 users with a limit of 2 and 1,000 units: the sale cannot sell out before the failover is
		// over (a fast machine took 100 units in the half second the stop took), so claims sent after
		// it can still be accepted
		long template = openSale(1000, 2);
		String key = "{t:" + template + "}:stock";
		int master = LocalRedisCluster.masterOf(key);
		AtomicInteger promoted = new AtomicInteger();

		Storm storm;
		try {
			storm = storm(template, 2000, 600, null, clock -> {
				clock.struck();
				LocalRedisCluster.stop(master);
				clock.tookEffect();
				// a replica takes the slot over: the cluster says so on a node that still answers
				promoted.set(LocalRedisCluster.awaitPromotion(master, key));
				clock.over();
			});
		}
		finally {
			LocalRedisCluster.restartStopped(master);
		}

		assertThat(promoted.get()).as("the master of %s after the stop (it was %d)", key, master).isNotIn(0, master);
		assertThat(LocalRedisCluster.masterOf(key)).as("the master of %s once the stopped node is back (it rejoins as a replica)", key)
			.isNotEqualTo(master);
		storm.assertTheFaultOverlappedTheLoad("Redis master :" + master + " stopped, :" + promoted.get() + " took over",
				Target.CLAIMS, Set.of(503));
		assertThat(storm.statuses(Target.CLAIMS).keySet()).as("answers: %s", storm.statuses(Target.CLAIMS))
			.isSubsetOf(201, 409, 410, 503);
		Map<String, String> finals = settle(storm.accepted());
		// a failover may lose the last reservations the old master had not passed on: the database
		// arbiter rejects what Redis then accepts twice, which must stay rare
		assertTheClaimInvariants(template, 1000, 2, storm, finals, storm.accepted().size() / 10);
	}

	@Test
	void claimServiceKilledMidRunLosesAndDuplicatesNothing() throws Exception {
		long template = openSale(300, 2);
		AtomicLong killed = new AtomicLong();

		Storm storm = storm(template, 1500, 300, null, clock -> {
			clock.struck();
			killed.set(platform.kill9("claim-service").pid());
			clock.tookEffect();
			platform.restart("claim-service");
			clock.over();
		});

		assertKilled("claim-service", killed.get());
		// while it is down, claims are refused at the connection (status 0) and retried
		storm.assertTheFaultOverlappedTheLoad("claim-service pid " + killed.get() + " killed", Target.CLAIMS, Set.of(0));
		assertSettlesWithoutRejections(template, 300, storm);
	}

	@Test
	void theWalletsConsumerKilledBeforeCommittingIssuesEachClaimOnce() throws Exception {
		// every user may claim twice: units remain for the claims sent while the wallet is down
		long template = openSale(600, 2);
		AtomicLong killed = new AtomicLong();

		Storm storm = storm(template, 1500, 300, coupons, clock -> {
			clock.struck();
			killed.set(platform.kill9("coupon-service").pid());
			clock.tookEffect();
			// claim-service keeps accepting: leave the dead wallet a backlog of claims to settle later
			await("claims accepted while the wallet is down").atMost(Duration.ofSeconds(30))
				.until(() -> clock.acceptedSinceItTookEffect() >= 10);
			platform.restart("coupon-service");
			clock.over();
		});

		assertKilled("coupon-service", killed.get());
		// the wallet's reads are refused at the connection (status 0) while it is down
		storm.assertTheFaultOverlappedTheLoad("coupon-service pid " + killed.get() + " killed", Target.WALLET, Set.of(0));
		assertSettlesWithoutRejections(template, 600, storm);
	}

	/**
	 * The platform's MariaDB stopped and started again mid-sale: the wallet can neither settle nor
	 * answer (503), claims answer 201 or 503 (a template read that misses its cache needs the
	 * database); once it is back, every claim settles once, nothing is lost or duplicated, and the
	 * books add up.
	 */
	@Test
	void mariaDbRestartedMidSaleLosesAndDuplicatesNothing() throws Exception {
		// 1,500 users with a limit of 2 and 3,000 units: the sale cannot sell out during the outage
		long template = openSale(3000, 2);
		AtomicLong stopped = new AtomicLong();

		Storm storm;
		try {
			storm = storm(template, 6000, 1500, coupons, clock -> {
				clock.struck();
				stopped.set(platform.stopServer("mariadb", MARIADB_PORT));
				clock.tookEffect();
				awaitRefused("the wallet's read while MariaDB is down", clock, () -> coupons.get("/api/me/coupons?size=1",
						token(70_000_000L, "CONSUMER")).statusCode());
				platform.startServers();
				clock.over();
			});
		}
		finally {
			platform.startServers();
		}

		assertThat(RunningPlatform.alive(stopped.get())).as("MariaDB pid %d after the stop", stopped.get()).isFalse();
		// the wallet's reads need the database: refused (503) while it is down
		storm.assertTheFaultOverlappedTheLoad("MariaDB pid " + stopped.get() + " stopped", Target.WALLET, Set.of(503));
		assertSettlesWithoutRejections(template, 3000, storm);
	}

	/**
	 * Waits until {@code call} answers 503 (a request that times out or finds no server counts as
	 * not yet) and tells the clock: the refusal proves the fault as much as the load's own answers.
	 */
	static void awaitRefused(String what, FaultClock clock, Callable<Integer> call) {
		await(what + " refused with 503").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			long sent = System.nanoTime();
			try {
				if (call.call() != 503) {
					return false;
				}
			}
			catch (IllegalStateException timedOutOrUnreachable) {
				return false;
			}
			clock.refusedToTheFaultsProbe(sent);
			return true;
		});
	}

	/**
	 * The Kafka broker stopped and started again mid-sale: a claim Kafka does not acknowledge is
	 * settled by the wallet's database before the answer (its unit cannot go back: the broker may
	 * have written the record all the same, and the wallet would grant it once the broker is back);
	 * once the broker is back, every 201 settles once, no coupon exists without its 201, and the
	 * books add up.
	 */
	@Test
	void theKafkaBrokerRestartedMidSaleLosesAndDuplicatesNothing() throws Exception {
		long template = openSale(600, 2);
		AtomicLong stopped = new AtomicLong();
		long notHandedOffBefore = notHandedOff();

		Storm storm;
		try {
			storm = storm(template, 1500, 300, null, clock -> {
				clock.struck();
				stopped.set(platform.stopServer("kafka", KAFKA_PORT));
				clock.tookEffect();
				// the fault's proof: claim-service saw sends fail and settled those claims without Kafka
				await("claims Kafka did not acknowledge").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> notHandedOff() > notHandedOffBefore);
				clock.refusedToTheFaultsProbe(System.nanoTime());
				platform.startServers();
				clock.over();
			});
		}
		finally {
			platform.startServers();
		}

		assertThat(RunningPlatform.alive(stopped.get())).as("Kafka pid %d after the stop", stopped.get()).isFalse();
		System.out.printf("claims not handed to Kafka, settled by the wallet: %d%n", notHandedOff() - notHandedOffBefore);
		storm.assertTheFaultOverlappedTheLoad("Kafka pid " + stopped.get() + " stopped", Target.CLAIMS, Set.of(503));
		assertSettlesWithoutRejections(template, 600, storm);
	}

	/** claim-service's count of claims Kafka did not acknowledge (its Prometheus counter). */
	static long notHandedOff() {
		HttpResponse<String> metrics = claims.get("/actuator/prometheus", null);
		assertThat(metrics.statusCode()).as("claim-service's /actuator/prometheus").isEqualTo(200);
		return metrics.body().lines()
			.filter(line -> line.startsWith("promo_claims_not_handed_off_total"))
			.mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/**
	 * Redis accepts more than the database holds (what a failover that lost Redis's decrements leaves
	 * behind, here made exact: the arbiter's stock is lowered under claim-service's feet, so no
	 * reconciliation can put Redis right in between): the arbiter issues exactly its stock and
	 * every other 201 ends REJECTED with its code, visible on GET /api/claims/{id}, with no coupon.
	 */
	@Test
	void claimsBeyondTheDatabasesStockEndRejectedWithTheirCodeAndNoCoupon() throws Exception {
		long template = openSale(60, 1);
		stores.setTotalStock(template, 20);

		// 40 users once each: Redis has 60 units, every claim is accepted (none near the freeze threshold)
		Storm storm = storm(template, 40, 40, null, null);
		assertThat(storm.statuses(Target.CLAIMS)).as("answers").isEqualTo(Map.of(201, 40));

		Map<String, String> finals = settle(storm.accepted());
		Set<String> issued = finals.entrySet().stream().filter(e -> e.getValue().equals("ISSUED"))
			.map(Map.Entry::getKey).collect(Collectors.toSet());
		assertThat(issued).as("ISSUED claims of the database's 20 units").hasSize(20);
		for (Claimed claim : storm.accepted()) {
			if (!issued.contains(claim.claimId())) {
				HttpResponse<String> answer = claims.get("/api/claims/" + claim.claimId(), token(claim.user(), "CONSUMER"));
				assertThat((String) json(answer, "$.status")).as(answer.body()).isEqualTo("REJECTED");
				assertThat((String) json(answer, "$.code")).as(answer.body()).isEqualTo("SOLD_OUT");
			}
		}
		assertThat(stores.walletCoupons(template)).extracting(Stores.Coupon::claimId)
			.as("the wallet's coupons of the template: one per ISSUED claim, none for a REJECTED one")
			.containsExactlyInAnyOrderElementsOf(issued);
		Stores.Arbiter arbiter = stores.arbiter(template);
		assertThat(arbiter.template().claimedCount()).as("the arbiter's claimed_count").isEqualTo(20);
		assertThat(arbiter.ledger()).as("the arbiter's decisions").hasSize(40);
		assertThat(arbiter.ledger()).filteredOn(d -> d.outcome().equals("GRANTED")).as("GRANTED decisions")
			.hasSize(20)
			.allSatisfy(d -> assertThat(d.couponId()).as("coupon of %s", d).isNotNull());
		assertThat(arbiter.ledger()).filteredOn(d -> d.outcome().equals("REJECTED")).as("REJECTED decisions")
			.hasSize(20)
			.allSatisfy(d -> assertThat(d.code()).as("code of %s", d).isEqualTo("SOLD_OUT"))
			.allSatisfy(d -> assertThat(d.couponId()).as("coupon of %s", d).isNull());
	}

	static void assertKilled(String service, long pid) throws IOException {
		assertThat(pid).as("the pid of the killed %s", service).isPositive();
		assertThat(RunningPlatform.alive(pid)).as("%s pid %d after SIGKILL", service, pid).isFalse();
		assertThat(platform.pidOf(service)).as("the pid of %s after its restart", service).isNotEqualTo(pid);
	}

	/** A killed process loses no claim and duplicates none; nothing oversells, so nothing is rejected. */
	static void assertSettlesWithoutRejections(long template, int stock, Storm storm) throws Exception {
		Map<String, String> finals = settle(storm.accepted());
		assertTheClaimInvariants(template, stock, 2, storm, finals, 0);
	}

	// ---------------------------------------------------------------------------------------------
	// the sale and the load

	/** An enabled AMOUNT_OFF template whose activity starts running in a few seconds. */
	static long openSale(int stock, int perUserLimit) {
		return openSale("COUPON", "AMOUNT_OFF", "\"amountOff\":1000", stock, perUserLimit);
	}

	/**
	 * An enabled template of {@code type} (its value field given as JSON) in an activity of
	 * {@code kind} that starts running in a few seconds.
	 */
	static long openSale(String kind, String type, String value, int stock, int perUserLimit) {
		Instant now = Instant.now();
		Instant running = now.plusSeconds(10);
		String ops = token(1, "OPS");
		HttpResponse<String> activity = activities.post("/ops/activities", ops, """
				{"title":"Stampede","kind":"%s","cityIds":["310000"],"couponTypes":["%s"],
				 "valueLowerLimit":100,"valueUpperLimit":50000,"applyStartTime":"%s","applyEndTime":"%s",
				 "activityStartTime":"%s","activityEndTime":"%s"}""".formatted(kind, type, now.minusSeconds(5), running,
				running, now.plus(Duration.ofDays(1))));
		assertThat(activity.statusCode()).as(activity.body()).isEqualTo(201);
		String activityId = json(activity, "$.id");
		activities.post("/ops/activities/" + activityId + "/publish", ops, null);

		long merchant = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
		String merchantToken = token(merchant, "MERCHANT");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> coupons.post("/merchant/activities/" + activityId + "/signups", merchantToken, null)
				.statusCode() == 201);
		HttpResponse<String> template = coupons.post("/merchant/coupon-templates", merchantToken, """
				{"activityId":"%s","cityId":"310000","type":"%s","title":"Stampede",%s,
				 "totalStock":%d,"perUserLimit":%d,"validity":{"type":"FLOATING","days":30}}"""
			.formatted(activityId, type, value, stock, perUserLimit));
		assertThat(template.statusCode()).as(template.body()).isEqualTo(201);
		long templateId = Long.parseLong(json(template, "$.id"));
		assertThat(coupons.post("/merchant/coupon-templates/" + templateId + "/enable", merchantToken, null).statusCode())
			.isEqualTo(200);
		// after a SIGKILLed claim-service, its consumer group hands the dead member's partitions over
		// only once its session timed out (45 s): the template's events may arrive that late
		await("claim-service knows template " + templateId).atMost(Duration.ofSeconds(120))
			.until(() -> claims.get("/ops/coupon-templates/" + templateId + "/stock", ops).statusCode() == 200);
		await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(running.plusMillis(200)));
		return templateId;
	}

	/** A 201: the user, the Idempotency-Key its client sent (and re-sent through faults), the claim id. */
	record Claimed(long user, String key, String claimId) {
	}

	/** Which service an answer came from: the claims of the load, or the probe of the wallet. */
	enum Target {

		CLAIMS, WALLET

	}

	/** One answer (0: no connection or no response) and when its request went out and came back. */
	record Answer(Target target, int status, long sentNanos, long answeredNanos) {
	}

	/** A fault injected mid-load; it tells the clock when it struck, took effect and was over. */
	interface Fault {

		void inject(FaultClock clock) throws Exception;

	}

	/** What a load saw: the accepted claims and every answer with its timing. */
	record Storm(List<Claimed> accepted, List<Answer> answers, long startNanos, FaultClock fault, int unresolved) {

		Map<Integer, Integer> statuses(Target target) {
			Map<Integer, Integer> statuses = new TreeMap<>();
			this.answers.stream().filter(a -> a.target() == target).forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
			return statuses;
		}

		long count(Predicate<Answer> which) {
			return this.answers.stream().filter(which).count();
		}

		/**
		 * Fails unless the fault took effect while the load ran: 201s answered before it struck,
		 * 201s for claims sent after it took effect, and error answers ({@code errors}) of
		 * {@code errorsOn} for requests sent after it took effect.
		 */
		void assertTheFaultOverlappedTheLoad(String what, Target errorsOn, Set<Integer> errors) {
			FaultClock f = this.fault;
			long before = count(a -> a.target() == Target.CLAIMS && a.status() == 201 && a.answeredNanos() < f.struckAt());
			long after = count(a -> a.target() == Target.CLAIMS && a.status() == 201 && a.sentNanos() > f.tookEffectAt());
			long failed = count(a -> a.target() == errorsOn && errors.contains(a.status()) && a.sentNanos() > f.tookEffectAt())
					+ f.refusedToTheFaultsProbe();
			long last = this.answers.stream().mapToLong(Answer::answeredNanos).max().orElse(f.struckAt());
			f.assertOverlapped(what, this.startNanos, last, before, after, failed,
					errorsOn + " " + errors + " (" + f.refusedToTheFaultsProbe() + " to the fault's own probe)",
					"claims " + statuses(Target.CLAIMS) + (errorsOn == Target.WALLET ? ", wallet " + statuses(Target.WALLET) : ""));
		}

	}

	/**
	 * {@code requests} claims from {@code users} users at once (50 threads behind one barrier), each
	 * with its own Idempotency-Key; an answer of 0 (no connection) or 503 is retried with the same
	 * key, as API.md tells clients to, so a claim taken before its answer was lost is still seen.
	 * <p>
	 * With a {@code fault}, it is injected in its own thread once {@value #ACCEPTED_BEFORE_FAULT}
	 * claims are accepted, and the load runs on until the fault is over and
	 * {@value #ACCEPTED_AFTER_FAULT} claims sent after it were accepted or the stock is sold out.
	 * With a {@code probe}, one more thread reads a wallet of that service every 50 ms. An exception
	 * of any worker, the probe or the fault fails the call.
	 */
	static Storm storm(long templateId, int requests, int users, ApiClient probe, Fault fault) throws Exception {
		ConcurrentLinkedQueue<Claimed> accepted = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		FaultClock clock = new FaultClock();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicBoolean soldOutAfterFault = new AtomicBoolean();
		AtomicInteger unresolved = new AtomicInteger();
		int threads = 50;
		CyclicBarrier start = new CyclicBarrier(threads);
		CountDownLatch workersDone = new CountDownLatch(threads);
		long startNanos = System.nanoTime();
		long deadline = startNanos + LOAD_LIMIT.toNanos();
		List<Future<?>> workers = new ArrayList<>();
		Future<?> injected = null;
		ExecutorService faults = Executors.newSingleThreadExecutor();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
			try {
				AtomicInteger next = new AtomicInteger();
				Predicate<Integer> proceed = i -> {
					if (stop.get() || System.nanoTime() > deadline) {
						return false;
					}
					if (fault == null) {
						return i < requests;
					}
					return !clock.isOver()
							|| !(soldOutAfterFault.get() || clock.acceptedSinceItTookEffect() >= ACCEPTED_AFTER_FAULT);
				};
				for (int t = 0; t < threads; t++) {
					workers.add(pool.submit(() -> {
						try {
							start.await();
							for (int i = next.getAndIncrement(); proceed.test(i); i = next.getAndIncrement()) {
								long user = 70_000_000L + i % users;
								String token = token(user, "CONSUMER");
								String key = UUID.randomUUID().toString();
								while (true) {
									long sent = System.nanoTime();
									HttpResponse<String> response = null;
									try {
										response = claims.post("/api/coupon-templates/" + templateId + "/claims", token, null,
												"Idempotency-Key", key);
									}
									catch (IllegalStateException unreachable) { // the service is down (killed on purpose)
									}
									int status = response == null ? 0 : response.statusCode();
									answers.add(new Answer(Target.CLAIMS, status, sent, System.nanoTime()));
									if (status == 201) {
										accepted.add(new Claimed(user, key, json(response, "$.claimId")));
										clock.accepted(sent);
									}
									if (status == 410 && sent > clock.overAt()) {
										soldOutAfterFault.set(true);
									}
									if (status != 0 && status != 503) {
										break;
									}
									if (System.nanoTime() > deadline) {
										unresolved.incrementAndGet();
										break;
									}
									Thread.sleep(100);
								}
							}
							return null;
						}
						catch (Throwable ex) {
							stop.set(true);
							throw ex;
						}
						finally {
							workersDone.countDown();
						}
					}));
				}
				if (probe != null) {
					String token = token(70_000_000L, "CONSUMER");
					workers.add(pool.submit(() -> {
						while (workersDone.getCount() > 0) {
							long sent = System.nanoTime();
							int status;
							try {
								status = probe.get("/api/me/coupons?size=1", token).statusCode();
							}
							catch (IllegalStateException unreachable) {
								status = 0;
							}
							answers.add(new Answer(Target.WALLET, status, sent, System.nanoTime()));
							Thread.sleep(50);
						}
						return null;
					}));
				}
				if (fault != null) {
					while (accepted.size() < ACCEPTED_BEFORE_FAULT && !stop.get() && workersDone.getCount() > 0) {
						Thread.sleep(5);
					}
					if (accepted.size() >= ACCEPTED_BEFORE_FAULT) {
						injected = faults.submit(() -> {
							try {
								fault.inject(clock);
								return null;
							}
							catch (Throwable ex) {
								stop.set(true);
								throw ex;
							}
						});
					}
				}
			}
			catch (Throwable ex) {
				stop.set(true); // before the pool's close waits for the workers
				throw ex;
			}
		}
		finally {
			faults.close(); // waits for the fault: a test never leaves one running
		}
		if (injected != null) {
			FaultClock.rethrow("the fault (the load's answers: " + answers.stream()
				.collect(Collectors.groupingBy(a -> a.target() + " " + a.status(), TreeMap::new, Collectors.counting()))
					+ ", " + accepted.size() + " accepted)", injected);
		}
		for (Future<?> worker : workers) {
			FaultClock.rethrow("a load worker", worker);
		}
		if (fault != null && injected == null) {
			fail("the fault never struck: only %d claims were accepted (%s), it waits for %d", accepted.size(),
					answers.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting())),
					ACCEPTED_BEFORE_FAULT);
		}
		return new Storm(new ArrayList<>(accepted), new ArrayList<>(answers), startNanos, clock, unresolved.get());
	}

	// ---------------------------------------------------------------------------------------------
	// the invariants

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

	/**
	 * After a run: every 201 ended ISSUED or REJECTED, at most {@code maxRejected} REJECTED, no
	 * more issued than the stock, none beyond a user's limit; the API's wallet, the wallet's tables,
	 * the arbiter's counters and ledger and claim-service's stock all agree on what was issued.
	 */
	static void assertTheClaimInvariants(long template, int stock, int limit, Storm storm, Map<String, String> finals,
			long maxRejected) throws Exception {
		assertThat(storm.unresolved()).as("requests still answered 0 or 503 when the load ended").isZero();
		Set<String> acceptedIds = storm.accepted().stream().map(Claimed::claimId).collect(Collectors.toSet());
		assertThat(acceptedIds).as("claim ids of the 201s are unique").hasSize(storm.accepted().size());
		// the client re-sent each key through the fault until it got an answer: a retry that Redis
		// forgot (a failover) or never answered (a kill) must stay the same claim, whose id the key decides
		assertThat(storm.accepted()).as("claim ids of keyed claims (derived from user, template and key)")
			.allSatisfy(c -> assertThat(c.claimId()).isEqualTo(derivedClaimId(c.user(), template, c.key())));
		assertThat(Set.copyOf(finals.values())).as("final statuses").isSubsetOf("ISSUED", "REJECTED");
		long issued = finals.values().stream().filter("ISSUED"::equals).count();
		long rejected = finals.values().stream().filter("REJECTED"::equals).count();
		System.out.printf("template %d: %d accepted, %d issued, %d rejected by the database arbiter (at most %d), answers %s%n",
				template, storm.accepted().size(), issued, rejected, maxRejected, storm.statuses(Target.CLAIMS));
		assertThat(issued + rejected).isEqualTo(storm.accepted().size());
		assertThat(issued).as("issued of a stock of %d", stock).isLessThanOrEqualTo(stock);
		assertThat(rejected).as("REJECTED claims of %d accepted", storm.accepted().size()).isLessThanOrEqualTo(maxRejected);
		assertTheStoresAgree(template, stock, limit, storm, finals);
		assertOneWalletCouponPerIssuedClaim(template, storm.accepted(), finals);
		int claimServiceIssued = assertStockAddsUp(template, stock);
		assertThat((long) claimServiceIssued).as("claim-service's issued count").isEqualTo(issued);
	}

	/** claim-service's id of a claim sent with an Idempotency-Key (its ClaimIds, computed independently). */
	static String derivedClaimId(long user, long template, String key) throws NoSuchAlgorithmException {
		byte[] digest = MessageDigest.getInstance("SHA-256")
			.digest((user + "\0" + template + "\0" + key).getBytes(StandardCharsets.UTF_8));
		return Tsid.from(ByteBuffer.wrap(digest).getLong()).toString();
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

	/**
	 * The stores themselves, read over JDBC: one coupon per ISSUED claim id in its user's physical
	 * wallet table and none other; {@code claimed_count} == issued; {@code granted} per user == that
	 * user's coupons <= the limit; one ledger row per decided claim id, GRANTED exactly for the
	 * ISSUED ones (with their coupon).
	 */
	static void assertTheStoresAgree(long template, int stock, int limit, Storm storm, Map<String, String> finals)
			throws Exception {
		Map<String, Long> userOf = new HashMap<>();
		storm.accepted().forEach(c -> userOf.put(c.claimId(), c.user()));
		Set<String> issued = finals.entrySet().stream().filter(e -> e.getValue().equals("ISSUED"))
			.map(Map.Entry::getKey).collect(Collectors.toSet());

		List<Stores.Coupon> wallet = stores.walletCoupons(template);
		Stores.Arbiter arbiter = stores.arbiter(template);
		List<Stores.Coupon> unknown = wallet.stream().filter(c -> !finals.containsKey(c.claimId())).toList();
		assertThat(unknown).as("coupons of claims no client got a 201 for; their ledger rows: %s",
				arbiter.ledger().stream().filter(d -> unknown.stream().anyMatch(c -> c.claimId().equals(d.claimId()))).toList())
			.isEmpty();
		assertThat(wallet).extracting(Stores.Coupon::claimId)
			.as("claim ids of the template's coupons in all wallet tables (one per ISSUED claim, none other)")
			.containsExactlyInAnyOrderElementsOf(issued);
		Map<String, Long> couponOf = new HashMap<>();
		Map<Long, Integer> couponsPerUser = new HashMap<>();
		for (Stores.Coupon coupon : wallet) {
			couponOf.put(coupon.claimId(), coupon.id());
			assertThat(coupon.userId()).as("user of %s", coupon).isEqualTo(userOf.get(coupon.claimId()));
			assertThat(List.of(coupon.database(), coupon.table())).as("database and table of %s", coupon)
				.containsExactly(Stores.databaseOf(coupon.userId()), Stores.tableOf(coupon.userId()));
			couponsPerUser.merge(coupon.userId(), 1, Integer::sum);
		}

		assertThat(arbiter.template()).as("coupon_template %d", template)
			.isEqualTo(new Stores.Template(issued.size(), stock, limit));
		Map<Long, Integer> granted = new HashMap<>(arbiter.grantedPerUser());
		granted.values().removeIf(count -> count == 0);
		assertThat(granted).as("claim_user_count.granted per user").isEqualTo(couponsPerUser);
		assertThat(granted.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(limit));

		Map<String, Stores.Decision> ledger = new HashMap<>();
		arbiter.ledger().forEach(d -> ledger.put(d.claimId(), d));
		for (Map.Entry<String, String> decided : finals.entrySet()) {
			Stores.Decision decision = ledger.get(decided.getKey());
			assertThat(decision).as("the ledger row of claim %s", decided.getKey()).isNotNull();
			assertThat(decision.outcome()).as("%s, which ended %s", decision, decided.getValue())
				.isEqualTo(decided.getValue().equals("ISSUED") ? "GRANTED" : "REJECTED");
			assertThat(decision.couponId()).as("coupon of %s", decision).isEqualTo(couponOf.get(decided.getKey()));
		}
		// the only other rows: claims of the frozen last units the arbiter refused before any 201
		List<Stores.Decision> others = arbiter.ledger().stream().filter(d -> !finals.containsKey(d.claimId())).toList();
		assertThat(others).as("ledger rows of claims that got no 201").allSatisfy(d -> assertThat(d.outcome()).isEqualTo("REJECTED"));
		assertThat((long) others.size()).as("ledger rows of refused claims")
			.isLessThanOrEqualTo(storm.count(a -> a.target() == Target.CLAIMS && (a.status() == 409 || a.status() == 410)));
	}

	/** Reconciles, waits until no unit is reserved, checks remaining + issued + pending == total; returns issued. */
	static int assertStockAddsUp(long templateId, int total) {
		String ops = token(1, "OPS");
		// right after a failover Redis may still be settling: reconciliation answers 503 until it can run
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
			.until(() -> claims.post("/ops/coupon-templates/" + templateId + "/reconcile", ops, null).statusCode() == 200);
		// reserved units of claims lost in a fault come back or are issued once re-driven
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			HttpResponse<String> stock = claims.get("/ops/coupon-templates/" + templateId + "/stock", ops);
			assertThat((Integer) json(stock, "$.pending")).as("reserved units: %s", stock.body()).isZero();
		});
		HttpResponse<String> stock = claims.get("/ops/coupon-templates/" + templateId + "/stock", ops);
		int remaining = json(stock, "$.remaining");
		int issued = json(stock, "$.issued");
		int pending = json(stock, "$.pending");
		assertThat(remaining + issued + pending).as(stock.body()).isEqualTo(total);
		assertThat(issued).isLessThanOrEqualTo(total);
		return issued;
	}

}
