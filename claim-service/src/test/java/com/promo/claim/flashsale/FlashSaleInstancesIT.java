package com.promo.claim.flashsale;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.promo.claim.ClaimServiceApplication;
import com.promo.ratelimit.RateLimiter;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static com.promo.claim.flashsale.FlashSaleFixture.consumer;
import static com.promo.claim.flashsale.FlashSaleFixture.orderBody;
import static com.promo.claim.flashsale.FlashSaleFixture.service;
import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several claim-service instances (application contexts in this JVM) on one database, one Redis
 * Cluster and one consumer group, as in production: rate budgets shared by all instances, expiry
 * exactly once across a restart and with two instances sweeping at once, and a payment racing its
 * own expiry. The payment window is short here (8 s) so that reservations expire during the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlashSaleInstancesIT {

	static final Duration WINDOW = Duration.ofSeconds(8);

	static String database;

	static String group;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoInstances() {
		database = TestInfrastructure.get().createDatabase("it_flash_instances");
		group = "it-flash-instances-" + UUID.randomUUID();
		first = start();
		second = start();
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			if (context != null) {
				context.close();
			}
		}
	}

	static ConfigurableApplicationContext start() {
		TestInfrastructure infra = TestInfrastructure.get();
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.datasource.url", infra.jdbcUrl(database));
		properties.put("spring.datasource.username", TestInfrastructure.DB_USER);
		properties.put("spring.datasource.password", TestInfrastructure.DB_PASSWORD);
		properties.put("spring.data.redis.cluster.nodes", infra.redisClusterNodes());
		properties.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
		properties.put("spring.kafka.consumer.group-id", group);
		properties.put("promo.security.jwt-secret", TestTokens.SECRET);
		properties.put("promo.claim.reconcile-interval", "1h");
		properties.put("promo.flash-sale.payment-window", WINDOW.toMillis() + "ms");
		properties.put("promo.flash-sale.expiry-interval", "100ms");
		properties.put("promo.flash-sale.user-token-budget", "5");
		properties.put("promo.flash-sale.ip-token-budget", "50");
		properties.put("promo.flash-sale.token-budget-period", "1h");
		// command-line arguments: they take precedence over application.yml
		return new SpringApplicationBuilder(ClaimServiceApplication.class)
			.run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
	}

	static ApiClient api(ConfigurableApplicationContext context) {
		return ApiClient.local(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	static JdbcTemplate jdbc() {
		return first.getBean(JdbcTemplate.class);
	}

	@SuppressWarnings("unchecked")
	static long sale(int stock, int limit) {
		return FlashSaleFixture.runningSale(first.getBean(KafkaTemplate.class), first.getBean(FlashSaleStore.class), stock,
				limit);
	}

	/** A token made with the instances' own key (the token endpoint is rate-limited in these tests). */
	static String token(long sale, long user) {
		return first.getBean(EntryTokenCodec.class)
			.encode(new EntryToken(sale, user, UUID.randomUUID().toString(), Instant.now().plusSeconds(60)));
	}

	static String reserve(ConfigurableApplicationContext instance, long sale, long user) {
		HttpResponse<String> placed = api(instance).post("/api/flash-sales/" + sale + "/orders", consumer(user),
				orderBody(token(sale, user)));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		return json(placed, "$.transactionId");
	}

	static void awaitLedger(long sale, int transactions) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc().queryForObject("SELECT COUNT(*) FROM flash_transaction WHERE template_id = ?",
					Integer.class, sale) == transactions);
	}

	static void resetIpBudgets() {
		RateLimiter limiter = first.getBean(RateLimiter.class);
		for (String ip : List.of("127.0.0.1", "0:0:0:0:0:0:0:1")) {
			limiter.reset(EntryTokens.IP_LIMIT, ip);
		}
	}

	/** The scheduled expiry passes find the job's lock taken until the test lets go. */
	static void holdTheExpiryJob() {
		jdbc().update("""
				INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES ('flash-sale-expiry', ?, UTC_TIMESTAMP(3), 'test')
				ON DUPLICATE KEY UPDATE lock_until = VALUES(lock_until), locked_by = 'test'""",
				java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(5));
	}

	/** Released as ShedLock releases (the row stays: its provider remembers the row exists and only updates it). */
	static void letGoOfTheExpiryJob() {
		jdbc().update("UPDATE shedlock SET lock_until = UTC_TIMESTAMP(3) WHERE name = 'flash-sale-expiry' AND locked_by = 'test'");
	}

	static Instant lastPayBefore(long sale) {
		return jdbc().queryForObject("SELECT MAX(pay_before) FROM flash_transaction WHERE template_id = ?",
				java.time.LocalDateTime.class, sale)
			.toInstant(java.time.ZoneOffset.UTC);
	}

	@Test
	@Order(1)
	void oneUserAndOneAddressAreHeldToTheirBudgetsAcrossBothInstances() {
		long sale = sale(10, 1);
		resetIpBudgets();
		// budgets live in the shared Redis Cluster: users of this run only
		long user = 900_000_000L + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000) * 100L;
		List<HttpResponse<String>> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			answers.add(api(i % 2 == 0 ? first : second).post("/api/flash-sales/" + sale + "/tokens", consumer(user), null));
		}
		assertThat(answers.stream().filter(a -> a.statusCode() == 201)).as("the user's budget: 5").hasSize(5);
		List<HttpResponse<String>> limited = answers.stream().filter(a -> a.statusCode() == 429).toList();
		assertThat(limited).hasSize(15).allSatisfy(a -> {
			assertThat(a.body()).contains("\"code\":\"RATE_LIMITED\"");
			assertThat(Long.parseLong(a.headers().firstValue("Retry-After").orElseThrow())).isPositive();
		});

		resetIpBudgets();
		int allowed = 0;
		for (int i = 0; i < 60; i++) {
			HttpResponse<String> answer = api(i % 2 == 0 ? first : second).post("/api/flash-sales/" + sale + "/tokens",
					consumer(user + 1 + i), null);
			assertThat(answer.statusCode()).isIn(201, 429);
			allowed += answer.statusCode() == 201 ? 1 : 0;
		}
		assertThat(allowed).as("the address's budget: 50, whichever instance answers").isEqualTo(50);
		resetIpBudgets();
	}

	@Test
	@Order(2)
	void expiryReturnsEachUnitAndCountExactlyOnceAcrossARestartAndWithTwoInstances() {
		long sale = sale(20, 1);
		// reserved on the first instance, which is stopped before payBefore; a new one takes over
		List<String> beforeRestart = new ArrayList<>();
		for (int user = 0; user < 10; user++) {
			beforeRestart.add(reserve(first, sale, 2000 + user));
		}
		awaitLedger(sale, 10);
		first.close();
		first = start();
		// and ten more while both instances sweep
		for (int user = 10; user < 20; user++) {
			reserve(user % 2 == 0 ? first : second, sale, 2000 + user);
		}
		awaitLedger(sale, 20);
		FlashSaleStore store = first.getBean(FlashSaleStore.class);
		assertThat(store.remaining(sale)).isZero();

		await().atMost(WINDOW.plusSeconds(30))
			.until(() -> jdbc().queryForObject(
					"SELECT COUNT(*) FROM flash_transaction WHERE template_id = ? AND status = 'EXPIRED' AND released",
					Integer.class, sale) == 20);
		assertThat(jdbc().queryForMap("SELECT reserved_count, paid_count, expired_count FROM flash_sale WHERE template_id = ?",
				sale))
			.containsEntry("reserved_count", 0)
			.containsEntry("paid_count", 0)
			.containsEntry("expired_count", 20);
		assertThat(store.remaining(sale)).as("every unit back, none twice").isEqualTo(20);
		HttpResponse<String> stock = api(second).get("/ops/coupon-templates/" + sale + "/stock", FlashSaleFixture.ops());
		assertThat((Integer) json(stock, "$.remaining")).isEqualTo(20);
		assertThat((Integer) json(stock, "$.reserved")).isZero();
		assertThat((Integer) json(stock, "$.paid")).isZero();
		assertThat((Integer) json(stock, "$.expired")).isEqualTo(20);
		assertThat(first.getBean(org.springframework.data.redis.core.StringRedisTemplate.class)
			.opsForSet()
			.size(FlashSaleStore.key(sale, "sale:released"))).isEqualTo(20);
		// the buyers' counts came back with their units: each may buy again, once
		assertThat(reserve(second, sale, 2000)).isNotBlank();
		HttpResponse<String> twice = api(first).post("/api/flash-sales/" + sale + "/orders", consumer(2000),
				orderBody(token(sale, 2000)));
		assertThat(twice.statusCode()).isEqualTo(409);
		assertThat(store.remaining(sale)).isEqualTo(19);
		assertThat(beforeRestart).hasSize(10);
	}

	@Test
	@Order(3)
	void aPaymentRacingItsOwnExpiryEndsPaidOrBackInStockNeverBoth() throws Exception {
		int units = 20;
		long sale = sale(units, 1);
		List<String> transactions = new ArrayList<>();
		for (int user = 0; user < units; user++) {
			transactions.add(reserve(user % 2 == 0 ? first : second, sale, 3000 + user));
		}
		awaitLedger(sale, units);
		Map<String, Instant> payBefore = new HashMap<>();
		for (String tx : transactions) {
			payBefore.put(tx, jdbc().queryForObject("SELECT pay_before FROM flash_transaction WHERE transaction_id = ?",
					java.time.LocalDateTime.class, tx).toInstant(java.time.ZoneOffset.UTC));
		}
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(units)) {
			for (int i = 0; i < units; i++) {
				String tx = transactions.get(i);
				ConfigurableApplicationContext instance = i % 2 == 0 ? first : second;
				answers.add(pool.submit(() -> {
					// sent as the window closes, paid (by the provider's clock) just inside it
					long wait = Duration.between(Instant.now(), payBefore.get(tx)).toMillis();
					Thread.sleep(Math.max(0, wait));
					return api(instance).post("/internal/flash-sales/transactions/" + tx + "/paid", service(),
							"{\"amount\":" + FlashSaleFixture.PRICE + ",\"paidAt\":\"" + payBefore.get(tx).minusMillis(1)
									+ "\",\"providerRef\":\"race-" + tx + "\"}")
						.statusCode();
				}));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isIn(200, 422);
			}
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc().queryForObject(
					"SELECT COUNT(*) FROM flash_transaction WHERE template_id = ? AND (status = 'PAID' OR (status = 'EXPIRED' AND released))",
					Integer.class, sale) == units);
		int paid = 0;
		for (String tx : transactions) {
			Map<String, Object> row = jdbc().queryForMap(
					"SELECT status, released, late_provider_ref FROM flash_transaction WHERE transaction_id = ?", tx);
			if ("PAID".equals(row.get("status"))) {
				paid++;
				assertThat(row.get("released")).as("a paid unit is never given back").isIn(false, 0, (byte) 0);
			}
			else {
				assertThat(row.get("status")).isEqualTo("EXPIRED");
				assertThat(row.get("late_provider_ref")).as("the payment that lost is recorded").isEqualTo("race-" + tx);
			}
		}
		long remaining = first.getBean(FlashSaleStore.class).remaining(sale);
		assertThat(remaining).as("back in stock exactly the units not paid").isEqualTo(units - paid);
		assertThat(jdbc().queryForMap("SELECT reserved_count, paid_count, expired_count FROM flash_sale WHERE template_id = ?",
				sale))
			.containsEntry("reserved_count", 0)
			.containsEntry("paid_count", paid)
			.containsEntry("expired_count", units - paid);
	}


	/**
	 * The expiry job runs on one instance at a time (ShedLock), so the test above has the passes
	 * take turns. Here the lock is held by the test, the scheduled passes stand aside, and both
	 * instances' {@code expireDue} run at the very same moment on several threads each: every unit
	 * still comes back once.
	 */
	@Test
	@Order(4)
	void expiryPassesRunningAtTheSameMomentOnBothInstancesReturnEachUnitOnce() throws Exception {
		int units = 30;
		long sale = sale(units, 1);
		for (int user = 0; user < units; user++) {
			reserve(user % 2 == 0 ? first : second, sale, 5000 + user);
		}
		awaitLedger(sale, units);
		Instant lastPayBefore = lastPayBefore(sale);
		holdTheExpiryJob();
		try {
			Thread.sleep(Math.max(0, Duration.between(Instant.now(), lastPayBefore).toMillis() + 50));
			assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM flash_transaction WHERE template_id = ? AND status = 'EXPIRED'",
					Integer.class, sale)).as("nothing expired while the test held the lock").isZero();
			int threads = 8;
			java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
			List<Future<Integer>> won = new ArrayList<>();
			try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
				for (int i = 0; i < threads; i++) {
					FlashSaleExpiry expiry = (i % 2 == 0 ? first : second).getBean(FlashSaleExpiry.class);
					won.add(pool.submit(() -> {
						together.await();
						return expiry.expireDue();
					}));
				}
				int total = 0;
				int passesThatWon = 0;
				for (Future<Integer> w : won) {
					total += w.get();
					passesThatWon += w.get() > 0 ? 1 : 0;
				}
				System.out.printf("%d parallel expiry passes: %d won something, %d expirations in all%n", threads,
						passesThatWon, total);
				assertThat(total).as("expirations won by all passes together: each reservation once").isEqualTo(units);
			}
		}
		finally {
			letGoOfTheExpiryJob();
		}
		assertThat(jdbc().queryForMap("SELECT reserved_count, paid_count, expired_count FROM flash_sale WHERE template_id = ?",
				sale))
			.containsEntry("reserved_count", 0)
			.containsEntry("expired_count", units);
		await().atMost(Duration.ofSeconds(10)).until(() -> first.getBean(FlashSaleStore.class).remaining(sale) == units);
		assertThat(first.getBean(org.springframework.data.redis.core.StringRedisTemplate.class)
			.opsForSet()
			.size(FlashSaleStore.key(sale, "sale:released"))).as("units given back, once each").isEqualTo(units);
	}

	/**
	 * A sale's reservations come in a burst and fall due in one: the test holds the job until all
	 * 250 are due, then one pass takes them in one batch (three give-back scripts of at most 100),
	 * buyers holding three units each. Every unit comes back once, each buyer's count to zero, and
	 * the buyers may buy again up to their limit.
	 */
	@Test
	@Order(5)
	void reservationsFallingDueTogetherExpireInOneBatchEachUnitAndBuyersCountBackOnce() {
		int units = 250, limit = 3;
		long sale = sale(units, limit);
		holdTheExpiryJob();
		try {
			for (int unit = 0; unit < units; unit++) {
				reserve(unit % 2 == 0 ? first : second, sale, 7000 + unit / limit);
			}
			awaitLedger(sale, units);
			await().atMost(WINDOW.plusSeconds(10)).until(() -> Instant.now().isAfter(lastPayBefore(sale).plusMillis(50)));
			assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM flash_transaction WHERE template_id = ? AND status = 'EXPIRED'",
					Integer.class, sale)).as("nothing expired while the test held the job").isZero();
		}
		finally {
			letGoOfTheExpiryJob();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc().queryForObject(
					"SELECT COUNT(*) FROM flash_transaction WHERE template_id = ? AND status = 'EXPIRED' AND released",
					Integer.class, sale) == units);
		assertThat(jdbc().queryForMap("SELECT reserved_count, paid_count, expired_count FROM flash_sale WHERE template_id = ?",
				sale))
			.containsEntry("reserved_count", 0)
			.containsEntry("expired_count", units);
		assertThat(jdbc().queryForMap("SELECT COUNT(*) AS buyers, MAX(held) AS most FROM flash_sale_buyer WHERE template_id = ?",
				sale))
			.containsEntry("buyers", 84L)
			.containsEntry("most", 0);
		FlashSaleStore store = first.getBean(FlashSaleStore.class);
		assertThat(store.remaining(sale)).as("every unit back, none twice").isEqualTo(units);
		assertThat(first.getBean(org.springframework.data.redis.core.StringRedisTemplate.class)
			.opsForSet()
			.size(FlashSaleStore.key(sale, "sale:released"))).isEqualTo(units);
		// a buyer's count came back with their units: three more, not a fourth
		for (int again = 0; again < limit; again++) {
			reserve(second, sale, 7000);
		}
		HttpResponse<String> fourth = api(first).post("/api/flash-sales/" + sale + "/orders", consumer(7000),
				orderBody(token(sale, 7000)));
		assertThat(fourth.statusCode()).as(fourth.body()).isEqualTo(409);
	}

	/**
	 * A payment that arrives after its reservation expired (the unit is back in stock): refused
	 * with 422, recorded on the EXPIRED transaction and as an AFTER_EXPIRY payment, and the next
	 * reconciliation lists it in {@code missingInternal} (the provider took money for no sale).
	 */
	@Test
	@Order(6)
	@SuppressWarnings("unchecked")
	void aPaymentAfterExpiryIsRecordedOnTheExpiredTransactionAndListedByTheNextReconciliation() throws Exception {
		long sale = sale(2, 1);
		String tx = reserve(first, sale, 6000);
		awaitLedger(sale, 1);
		await().atMost(WINDOW.plusSeconds(30))
			.until(() -> jdbc().queryForObject(
					"SELECT COUNT(*) FROM flash_transaction WHERE transaction_id = ? AND status = 'EXPIRED' AND released",
					Integer.class, tx) == 1);
		Instant paidAt = Instant.now();

		HttpResponse<String> late = api(second).post("/internal/flash-sales/transactions/" + tx + "/paid", service(),
				"{\"amount\":" + FlashSaleFixture.PRICE + ",\"paidAt\":\"" + paidAt + "\",\"providerRef\":\"late-" + tx + "\"}");

		assertThat(late.statusCode()).as(late.body()).isEqualTo(422);
		assertThat((String) json(late, "$.code")).isEqualTo("INVALID_STATE");
		HttpResponse<String> read = api(first).get("/api/flash-sales/transactions/" + tx, consumer(6000));
		assertThat((String) json(read, "$.status")).as(read.body()).isEqualTo("EXPIRED");
		assertThat(jdbc().queryForObject("SELECT late_provider_ref FROM flash_transaction WHERE transaction_id = ?",
				String.class, tx)).as("the late payment on the transaction").isEqualTo("late-" + tx);
		assertThat(jdbc().queryForObject("SELECT outcome FROM flash_payment WHERE transaction_id = ?", String.class, tx))
			.isEqualTo("AFTER_EXPIRY");
		HttpResponse<String> stock = api(second).get("/ops/coupon-templates/" + sale + "/stock", FlashSaleFixture.ops());
		assertThat((Integer) json(stock, "$.remaining")).as("the unit stays back in stock").isEqualTo(2);
		assertThat((Integer) json(stock, "$.paid")).isZero();

		String csv = "providerRef,transactionId,amount,paidAt\nlate-" + tx + "," + tx + "," + FlashSaleFixture.PRICE + ","
				+ paidAt + "\n";
		HttpResponse<String> report = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
					+ ((WebServerApplicationContext) first).getWebServer().getPort() + "/ops/flash-sales/" + sale
					+ "/reconciliations"))
				.header("Authorization", "Bearer " + FlashSaleFixture.ops())
				.header("Content-Type", "text/csv")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
		assertThat((Integer) json(report, "$.matched")).isZero();
		assertThat((List<String>) json(report, "$.missingInternal[*].transactionId")).containsExactly(tx);
		assertThat((Integer) json(report, "$.quantityDelta")).isEqualTo(1);
	}

}
