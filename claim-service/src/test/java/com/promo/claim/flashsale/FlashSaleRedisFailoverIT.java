package com.promo.claim.flashsale;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.promo.testsupport.ApiClient;
import com.promo.testsupport.FaultClock;
import com.promo.testsupport.LocalRedisCluster;
import com.promo.testsupport.PromoTestProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.claim.flashsale.FlashSaleFixture.consumer;
import static com.promo.claim.flashsale.FlashSaleFixture.ops;
import static com.promo.claim.flashsale.FlashSaleFixture.orderBody;
import static com.promo.claim.flashsale.FlashSaleFixture.service;
import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A flash sale whose Redis master (the one owning the sale's slot) is stopped with SHUTDOWN while
 * buyers take entry tokens and place orders (real Redis Cluster of ./promo, Kafka, MariaDB): no
 * unit is sold twice (the ledger's arbiter), every 201 ends PAID or EXPIRED (every other one is
 * paid, the rest expire in a short payment window), and afterwards {@code remaining + reserved +
 * paid == total} in the stock view, in Redis and in the ledger's counters, without a reconciliation.
 * <p>
 * The test proves the fault overlapped the load or fails, never skips: the slot's master changed
 * per {@code CLUSTER NODES}, orders were accepted before the stop and after it took effect, and
 * errors were answered in between; the fault's and every buyer's exceptions reach the test. The
 * stopped node is started again ({@code ./promo infra up}) and rejoins as a replica.
 */
// closed after the class: a cached context would go on consuming every flash-sale event into its own
// database and its expiry sweeper would give other tests' units back in the shared Redis
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "promo.flash-sale.user-token-budget=100000", "promo.flash-sale.ip-token-budget=1000000",
				"promo.flash-sale.payment-window=45s", "promo.flash-sale.expiry-interval=200ms",
				"promo.claim.reconcile-interval=1h" })
class FlashSaleRedisFailoverIT {

	static final int STOCK = 200;

	static final int LIMIT = 2;

	static final int BUYERS = 300;

	static final long FIRST_BUYER = 81_000_000L;

	static final int THREADS = 40;

	/** Orders accepted before the master is stopped; the stock leaves plenty for after it. */
	static final int ACCEPTED_BEFORE_FAULT = 30;

	/** Once the failover is over, the load stops after this many 201s sent after the fault (or a sell-out). */
	static final int ACCEPTED_AFTER_FAULT = 30;

	static final Duration LOAD_LIMIT = Duration.ofMinutes(3);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_flash_failover");
		String group = "it-flash-failover-" + UUID.randomUUID();
		registry.add("spring.kafka.consumer.group-id", () -> group);
	}

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	FlashSaleStore store;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StringRedisTemplate redis;

	ApiClient api() {
		return ApiClient.local(this.port);
	}

	/** What a buyer's request was: an entry token or an order. */
	enum Step {

		TOKEN, ORDER

	}

	/** One answer (0: no connection or no response) and when its request went out and came back. */
	record Answer(Step step, int status, long sentNanos, long answeredNanos) {
	}

	record Bought(long user, String transactionId, long price) {
	}

	record Load(List<Bought> bought, List<Answer> answers, long startNanos, int unresolved) {

		Map<Integer, Long> statuses(Step step) {
			return this.answers.stream().filter(a -> a.step() == step)
				.collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
		}

		long count(Predicate<Answer> which) {
			return this.answers.stream().filter(which).count();
		}

	}

	@Test
	void aRedisMasterStoppedMidSaleSellsNoUnitTwiceAndEveryOrderEndsPaidOrExpired() throws Exception {
		LocalRedisCluster.assertLocalClusterAnswers();
		long sale = FlashSaleFixture.runningSale(this.kafka, this.store, STOCK, LIMIT);
		String key = FlashSaleStore.key(sale, "sale:stock");
		int master = LocalRedisCluster.masterOf(key);
		AtomicInteger promoted = new AtomicInteger();
		FaultClock clock = new FaultClock();

		Load load;
		try {
			load = buy(sale, clock, () -> {
				clock.struck();
				LocalRedisCluster.stop(master);
				clock.tookEffect();
				promoted.set(LocalRedisCluster.awaitPromotion(master, key));
				clock.over();
			});
		}
		finally {
			LocalRedisCluster.restartStopped(master);
		}

		assertThat(promoted.get()).as("the master of %s after the stop (it was %d)", key, master).isNotIn(0, master);
		assertThat(LocalRedisCluster.masterOf(key)).as("the master of %s once the stopped node is back", key)
			.isNotEqualTo(master);
		long last = load.answers().stream().mapToLong(Answer::answeredNanos).max().orElse(clock.struckAt());
		clock.assertOverlapped("Redis master :" + master + " stopped, :" + promoted.get() + " took over",
				load.startNanos(), last,
				load.count(a -> a.step() == Step.ORDER && a.status() == 201 && a.answeredNanos() < clock.struckAt()),
				load.count(a -> a.step() == Step.ORDER && a.status() == 201 && a.sentNanos() > clock.tookEffectAt()),
				load.count(a -> (a.status() == 0 || a.status() >= 500) && a.sentNanos() > clock.tookEffectAt()),
				"0 or 5xx", "tokens " + load.statuses(Step.TOKEN) + ", orders " + load.statuses(Step.ORDER));
		assertThat(load.unresolved()).as("requests still answered 0 or 5xx when the load ended").isZero();
		assertThat(load.statuses(Step.TOKEN).keySet()).as("token answers").isSubsetOf(201, 503);
		assertThat(load.statuses(Step.ORDER).keySet()).as("order answers").isSubsetOf(201, 409, 410, 503);

		Map<String, Bought> bought = new HashMap<>();
		load.bought().forEach(b -> bought.put(b.transactionId(), b));
		assertThat(bought).as("transaction ids of the 201s are unique").hasSize(load.bought().size());
		Set<String> paid = payEveryOther(sale, load.bought());
		Map<String, String> finals = awaitPaidOrExpired(load.bought());
		System.out.printf("sale %d: %d orders accepted, %d paid, %d expired; tokens %s, orders %s%n", sale, bought.size(),
				paid.size(), bought.size() - paid.size(), load.statuses(Step.TOKEN), load.statuses(Step.ORDER));

		assertThat(finals).as("final status of every 201")
			.allSatisfy((id, status) -> assertThat(status).isEqualTo(paid.contains(id) ? "PAID" : "EXPIRED"));
		assertNoUnitSoldTwice(sale, bought, paid);
		assertTheBooksAddUp(sale, paid);
	}

	/**
	 * {@value #THREADS} buyers at one barrier: each takes an entry token and places one order with
	 * its own Idempotency-Key; an answer of 0 or 5xx is retried (the order with the same key and
	 * token: a 503 took nothing and left the token usable). The fault is injected in its own thread
	 * once {@value #ACCEPTED_BEFORE_FAULT} orders are accepted; the load runs on until it is over and
	 * {@value #ACCEPTED_AFTER_FAULT} orders sent after it were accepted, or the sale sold out after it.
	 */
	Load buy(long sale, FaultClock clock, Fault fault) throws Exception {
		ConcurrentLinkedQueue<Bought> bought = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicBoolean soldOutAfterFault = new AtomicBoolean();
		AtomicInteger unresolved = new AtomicInteger();
		AtomicInteger next = new AtomicInteger();
		CyclicBarrier start = new CyclicBarrier(THREADS);
		long startNanos = System.nanoTime();
		long deadline = startNanos + LOAD_LIMIT.toNanos();
		Predicate<Integer> proceed = i -> !stop.get() && System.nanoTime() < deadline
				&& (!clock.isOver() || !(soldOutAfterFault.get() || clock.acceptedSinceItTookEffect() >= ACCEPTED_AFTER_FAULT));
		List<Future<?>> workers = new ArrayList<>();
		Future<?> injected = null;
		ExecutorService faults = Executors.newSingleThreadExecutor();
		try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
			try {
				for (int t = 0; t < THREADS; t++) {
					workers.add(pool.submit(() -> {
						try {
							start.await();
							for (int i = next.getAndIncrement(); proceed.test(i); i = next.getAndIncrement()) {
								long user = FIRST_BUYER + i % BUYERS;
								HttpResponse<String> token = retried(Step.TOKEN, answers, deadline, unresolved,
										() -> api().post("/api/flash-sales/" + sale + "/tokens", consumer(user), null));
								if (token == null) {
									continue;
								}
								assertThat(token.statusCode()).as("token for user %d: %s", user, token.body()).isEqualTo(201);
								String body = orderBody(json(token, "$.token"));
								String idempotencyKey = UUID.randomUUID().toString();
								long[] sent = new long[1];
								HttpResponse<String> order = retried(Step.ORDER, answers, deadline, unresolved, () -> {
									sent[0] = System.nanoTime();
									return api().post("/api/flash-sales/" + sale + "/orders", consumer(user), body,
											"Idempotency-Key", idempotencyKey);
								});
								if (order == null) {
									continue;
								}
								if (order.statusCode() == 201) {
									bought.add(new Bought(user, json(order, "$.transactionId"),
											((Number) json(order, "$.price")).longValue()));
									clock.accepted(sent[0]);
								}
								if (order.statusCode() == 410 && sent[0] > clock.overAt()) {
									soldOutAfterFault.set(true);
								}
							}
							return null;
						}
						catch (Throwable ex) {
							stop.set(true);
							throw ex;
						}
					}));
				}
				while (bought.size() < ACCEPTED_BEFORE_FAULT && !stop.get() && workers.stream().anyMatch(w -> !w.isDone())) {
					Thread.sleep(5);
				}
				if (bought.size() >= ACCEPTED_BEFORE_FAULT) {
					injected = faults.submit(() -> {
						try {
							fault.inject();
							return null;
						}
						catch (Throwable ex) {
							stop.set(true);
							throw ex;
						}
					});
				}
			}
			catch (Throwable ex) {
				stop.set(true); // before the pool's close waits for the workers
				throw ex;
			}
		}
		finally {
			faults.close(); // waits for the fault: the test never leaves one running
		}
		if (injected != null) {
			FaultClock.rethrow("the fault", injected);
		}
		for (Future<?> worker : workers) {
			FaultClock.rethrow("a buyer", worker);
		}
		if (injected == null) {
			fail("the fault never struck: only %d orders were accepted, it waits for %d", bought.size(),
					ACCEPTED_BEFORE_FAULT);
		}
		return new Load(new ArrayList<>(bought), new ArrayList<>(answers), startNanos, unresolved.get());
	}

	interface Fault {

		void inject() throws Exception;

	}

	interface Call {

		HttpResponse<String> send();

	}

	/** The call's answer once it is neither 0 nor 5xx (retried every 100 ms); null past the deadline. */
	static HttpResponse<String> retried(Step step, ConcurrentLinkedQueue<Answer> answers, long deadline,
			AtomicInteger unresolved, Call call) throws InterruptedException {
		while (true) {
			long sent = System.nanoTime();
			HttpResponse<String> response = null;
			try {
				response = call.send();
			}
			catch (IllegalStateException unreachable) { // no answer at all
			}
			int status = response == null ? 0 : response.statusCode();
			answers.add(new Answer(step, status, sent, System.nanoTime()));
			if (status != 0 && status < 500) {
				return response;
			}
			if (System.nanoTime() > deadline) {
				unresolved.incrementAndGet();
				return null;
			}
			Thread.sleep(100);
		}
	}

	/**
	 * Pays every other accepted order at its price once the ledger has it (the rest are left to
	 * expire); returns the paid transaction ids. Each payment must be accepted: the window is long
	 * enough for the load and the payments.
	 */
	Set<String> payEveryOther(long sale, List<Bought> bought) {
		awaitLedger(sale, bought.size());
		Set<String> paid = new java.util.HashSet<>();
		for (int i = 0; i < bought.size(); i += 2) {
			Bought order = bought.get(i);
			HttpResponse<String> payment = api().post("/internal/flash-sales/transactions/" + order.transactionId() + "/paid",
					service(), "{\"amount\":" + order.price() + ",\"paidAt\":\"" + Instant.now()
							+ "\",\"providerRef\":\"failover-" + order.transactionId() + "\"}");
			assertThat(payment.statusCode()).as("payment of %s: %s", order.transactionId(), payment.body()).isEqualTo(200);
			paid.add(order.transactionId());
		}
		return paid;
	}

	void awaitLedger(long sale, int transactions) {
		await("the ledger holds the sale's " + transactions + " transactions").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_transaction WHERE template_id = ?",
					Integer.class, sale) >= transactions);
	}

	/** Every accepted order's status as its buyer reads it, once none is RESERVED any more. */
	Map<String, String> awaitPaidOrExpired(List<Bought> bought) {
		Map<String, String> finals = new HashMap<>();
		await("every accepted order paid or expired").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
			.until(() -> {
				for (Bought order : bought) {
					if (!finals.containsKey(order.transactionId())) {
						HttpResponse<String> read = api().get("/api/flash-sales/transactions/" + order.transactionId(),
								consumer(order.user()));
						assertThat(read.statusCode()).as("transaction %s: %s", order.transactionId(), read.body()).isEqualTo(200);
						String status = json(read, "$.status");
						if (!status.equals("RESERVED")) {
							finals.put(order.transactionId(), status);
						}
					}
				}
				return finals.size() == bought.size();
			});
		return finals;
	}

	/**
	 * The ledger, read over JDBC: exactly one transaction per 201 and none other, PAID exactly for
	 * the paid ones, no buyer holding more than the limit, the arbiter's counters equal to the rows.
	 */
	void assertNoUnitSoldTwice(long sale, Map<String, Bought> bought, Set<String> paid) {
		Map<String, String> ledger = new HashMap<>();
		this.jdbc.query("SELECT transaction_id, status FROM flash_transaction WHERE template_id = ?",
				row -> {
					ledger.put(row.getString(1), row.getString(2));
				}, sale);
		assertThat(ledger.keySet()).as("transactions in the ledger (one per 201, none other)")
			.containsExactlyInAnyOrderElementsOf(bought.keySet());
		Map<Long, Integer> paidPerUser = new HashMap<>();
		paid.forEach(id -> paidPerUser.merge(bought.get(id).user(), 1, Integer::sum));
		assertThat(paid.size()).as("units paid of %d", STOCK).isLessThanOrEqualTo(STOCK);
		assertThat(paidPerUser.values()).allSatisfy(units -> assertThat(units).isLessThanOrEqualTo(LIMIT));

		Map<String, Object> counters = this.jdbc.queryForMap(
				"SELECT reserved_count, paid_count, expired_count, rejected_count FROM flash_sale WHERE template_id = ?", sale);
		assertThat(counters).as("flash_sale counters")
			.containsAllEntriesOf(Map.of("reserved_count", 0, "paid_count", paid.size(), "expired_count",
					bought.size() - paid.size(), "rejected_count", 0));
		Map<Long, Integer> held = new HashMap<>();
		this.jdbc.query("SELECT user_id, held FROM flash_sale_buyer WHERE template_id = ? AND held > 0", row -> {
			held.put(row.getLong(1), row.getInt(2));
		}, sale);
		assertThat(held).as("flash_sale_buyer.held per buyer").isEqualTo(paidPerUser);
	}

	/**
	 * {@code remaining + reserved + paid == total} in the stock view (no reconciliation run), its
	 * {@code remaining} equal to the stock in Redis, and Redis's per-buyer counts equal to the paid
	 * units (every expired unit came back exactly once).
	 */
	void assertTheBooksAddUp(long sale, Set<String> paid) {
		HttpResponse<String> stock = api().get("/ops/coupon-templates/" + sale + "/stock", ops());
		assertThat(stock.statusCode()).as(stock.body()).isEqualTo(200);
		int total = json(stock, "$.total");
		int remaining = json(stock, "$.remaining");
		int reserved = json(stock, "$.reserved");
		int paidUnits = json(stock, "$.paid");
		System.out.println("stock of sale " + sale + ": " + stock.body());
		assertThat(total).isEqualTo(STOCK);
		assertThat(reserved).as(stock.body()).isZero();
		assertThat(paidUnits).as(stock.body()).isEqualTo(paid.size());
		assertThat(remaining + reserved + paidUnits).as("remaining + reserved + paid: %s", stock.body()).isEqualTo(total);
		assertThat(this.redis.opsForValue().get(FlashSaleStore.key(sale, "sale:stock")))
			.as("the sale's stock in Redis").isEqualTo(Integer.toString(remaining));
		Map<Long, Integer> redisBuyers = new HashMap<>();
		this.redis.<String, String>opsForHash().entries(FlashSaleStore.key(sale, "sale:buyers"))
			.forEach((user, units) -> {
				if (Integer.parseInt(units) > 0) {
					redisBuyers.put(Long.parseLong(user), Integer.parseInt(units));
				}
			});
		Map<Long, Integer> paidPerUser = new HashMap<>();
		this.jdbc.query("SELECT user_id, COUNT(*) FROM flash_transaction WHERE template_id = ? AND status = 'PAID' GROUP BY user_id",
				row -> {
					paidPerUser.put(row.getLong(1), row.getInt(2));
				}, sale);
		assertThat(redisBuyers).as("units per buyer in Redis (paid ones only: the expired came back)")
			.isEqualTo(paidPerUser);
	}

}
