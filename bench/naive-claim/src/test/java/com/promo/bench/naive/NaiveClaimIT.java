package com.promo.bench.naive;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline must be a correct claim path, or comparing with it means nothing: real MariaDB. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NaiveClaimIT {

	static final int THREADS = 50;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.database(registry, "it_bench_naive");
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private ApiClient api() {
		return ApiClient.local(this.port);
	}

	private long template(int stock, int perUserLimit) {
		HttpResponse<String> created = api().post("/ops/coupon-templates", TestTokens.token("1", "OPS"),
				"{\"totalStock\":" + stock + ",\"perUserLimit\":" + perUserLimit + "}");
		assertThat(created.statusCode()).isEqualTo(201);
		return ((Number) JsonPath.read(created.body(), "$.id")).longValue();
	}

	/** Every thread starts at one barrier and claims {@code perThread} times as {@code user(thread)}. */
	private Map<String, AtomicInteger> stampede(long template, int perThread, java.util.function.IntFunction<String> user)
			throws Exception {
		Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		CyclicBarrier start = new CyclicBarrier(THREADS);
		List<Future<?>> workers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
			for (int t = 0; t < THREADS; t++) {
				String token = TestTokens.token(user.apply(t), "CONSUMER");
				workers.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						HttpResponse<String> response = api().post("/api/coupon-templates/" + template + "/claims", token, null);
						String outcome = response.statusCode() == 201 ? "201"
								: response.statusCode() + " " + JsonPath.read(response.body(), "$.code");
						outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(); // a worker's failure fails the test
			}
		}
		return outcomes;
	}

	private Map<String, Object> row(long template) {
		return this.jdbc.queryForMap("SELECT claimed, (SELECT COUNT(*) FROM coupon WHERE template_id = ?) AS coupons "
				+ "FROM coupon_template WHERE id = ?", template, template);
	}

	@Test
	void stockIsNeverOversoldByFiftyThreadsOfClaims() throws Exception {
		long template = template(100, 1000);

		Map<String, AtomicInteger> outcomes = stampede(template, 10, t -> String.valueOf(70_000 + t));

		assertThat(outcomes.keySet()).containsExactlyInAnyOrder("201", "410 SOLD_OUT");
		assertThat(outcomes.get("201").get()).isEqualTo(100);
		assertThat(outcomes.get("410 SOLD_OUT").get()).isEqualTo(THREADS * 10 - 100);
		assertThat(row(template)).containsEntry("claimed", 100).containsEntry("coupons", 100L);
	}

	@Test
	void thePerUserLimitHoldsWhenOneUserClaimsFromManyThreadsAtOnce() throws Exception {
		long template = template(10_000, 3);

		// five users, ten threads each, four claims per thread
		Map<String, AtomicInteger> outcomes = stampede(template, 4, t -> String.valueOf(80_000 + t % 5));

		assertThat(outcomes.keySet()).containsExactlyInAnyOrder("201", "409 LIMIT_REACHED");
		assertThat(outcomes.get("201").get()).isEqualTo(5 * 3);
		assertThat(outcomes.get("409 LIMIT_REACHED").get()).isEqualTo(THREADS * 4 - 15);
		// a refused claim gives its unit back with the rolled-back transaction
		assertThat(row(template)).containsEntry("claimed", 15).containsEntry("coupons", 15L);
		List<Integer> perUser = this.jdbc.queryForList(
				"SELECT COUNT(*) FROM coupon WHERE template_id = ? GROUP BY user_id", Integer.class, template);
		assertThat(perUser).containsExactly(3, 3, 3, 3, 3);
	}

	@Test
	void answersWithThePlatformsProblemsAndRoles() {
		String consumer = TestTokens.token("90001", "CONSUMER");
		HttpResponse<String> missing = api().post("/api/coupon-templates/999999999/claims", consumer, null);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat((String) JsonPath.read(missing.body(), "$.code")).isEqualTo("NOT_FOUND");

		long template = template(1, 1);
		assertThat(api().post("/api/coupon-templates/" + template + "/claims", null, null).statusCode()).isEqualTo(401);
		assertThat(api().post("/api/coupon-templates/" + template + "/claims", TestTokens.token("5", "MERCHANT"), null)
			.statusCode()).isEqualTo(403);
		HttpResponse<String> issued = api().post("/api/coupon-templates/" + template + "/claims", consumer, null);
		assertThat(issued.statusCode()).isEqualTo(201);
		assertThat((String) JsonPath.read(issued.body(), "$.status")).isEqualTo("ISSUED");

		HttpResponse<String> invalid = api().post("/ops/coupon-templates", TestTokens.token("1", "OPS"),
				"{\"totalStock\":-1,\"perUserLimit\":1}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("totalStock");
	}

}
