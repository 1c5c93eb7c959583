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

}
