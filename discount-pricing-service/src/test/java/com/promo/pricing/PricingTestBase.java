package com.promo.pricing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.promo.crowd.reader.CrowdKeys;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One running discount-pricing-service for all its integration tests: its own fresh database on
 * the real MariaDB, the real Redis Cluster and Kafka, and the two services it calls over HTTP
 * (crowd-sync-service's strong membership read, coupon-service's wallet read) played by
 * {@link RemoteStub}s that tests can slow down or stop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RedisCommandCounter.Installed.class)
public abstract class PricingTestBase {

	/** crowd id + "|" + user id: the memberships crowd-sync's durable store holds. */
	protected static final Set<String> STRONG_MEMBERS = ConcurrentHashMap.newKeySet();

	/** user id → the JSON of that user's UNUSED coupons, with their terms. */
	protected static final Map<String, List<String>> WALLETS = new ConcurrentHashMap<>();

	protected static final RemoteStub CROWD_SYNC = RemoteStub.start(PricingTestBase::crowdSyncAnswer);

	protected static final RemoteStub WALLET = RemoteStub.start(PricingTestBase::walletAnswer);

	/** The remote calls' time limit in tests (short, so timeouts are quick to watch). */
	protected static final Duration REMOTE_TIMEOUT = Duration.ofMillis(500);

	protected static String database;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		database = PromoTestProperties.database(registry, "it_pricing");
		remoteServices().forEach((name, value) -> registry.add(name, () -> value));
	}

	/** The settings a pricing instance of these tests runs with, besides infrastructure and database. */
	protected static Map<String, String> remoteServices() {
		return Map.of("promo.pricing.crowd-sync-url", CROWD_SYNC.url(), "promo.pricing.wallet-url", WALLET.url(),
				"promo.pricing.crowd-sync-timeout", REMOTE_TIMEOUT.toMillis() + "ms", "promo.pricing.wallet-timeout",
				REMOTE_TIMEOUT.toMillis() + "ms", "promo.pricing.breaker.minimum-number-of-calls", "4",
				"promo.pricing.breaker.sliding-window-size", "4", "promo.pricing.breaker.open-for", "2s",
				// the outbox's resubmission would borrow connections in the middle of "no database" checks
				"promo.outbox.resubmit-every", "1h");
	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected StringRedisTemplate redis;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected CircuitBreakerRegistry breakers;

	@BeforeEach
	void remoteServicesUpAndBreakersClosed() {
		CROWD_SYNC.up();
		WALLET.up();
		this.breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
	}

	protected ApiClient api() {
		return ApiClient.local(this.port);
	}

	/**
	 * The failures the named breaker records from now on (each call's exception as the breaker saw
	 * it): tells a call the time limiter cut off ({@link java.util.concurrent.TimeoutException}) from
	 * one the socket's own read timeout ended, with no clock in the test.
	 */
	protected Queue<Throwable> failuresOf(String breaker) {
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		this.breakers.circuitBreaker(breaker).getEventPublisher().onError(event -> failures.add(event.getThrowable()));
		return failures;
	}

	/** Ids unique across runs that share the broker and Redis (items, users, merchants). */
	protected static long newId() {
		return ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_000_000_000_000L);
	}

	protected static String merchant(long merchantId) {
		return TestTokens.token(String.valueOf(merchantId), "MERCHANT");
	}

	protected static String consumer(long userId) {
		return TestTokens.token(String.valueOf(userId), "CONSUMER");
	}

	protected static String itemJson(long listPrice, String priceUnit, long deposit) {
		return """
				{"title":"Flat by the river","cityId":"310000","listPrice":%d,"priceUnit":"%s","deposit":%d}"""
			.formatted(listPrice, priceUnit, deposit);
	}

	/** Registers an item of {@code seller} through the API. */
	protected long item(long seller, long listPrice) {
		return item(seller, listPrice, "ONE_TIME", 0);
	}

	protected long item(long seller, long listPrice, String priceUnit, long deposit) {
		long itemId = newId();
		HttpResponse<String> put = api().put("/merchant/items/" + itemId, merchant(seller),
				itemJson(listPrice, priceUnit, deposit));
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		return itemId;
	}

	protected void fanPrice(long seller, long itemId, String crowdType, long price) {
		HttpResponse<String> put = api().put("/merchant/items/" + itemId + "/fan-prices/" + crowdType, merchant(seller),
				"{\"price\":" + price + "}");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
	}

	protected record FanItem(long seller, long itemId, long user) {
	}

	/** A new seller's item at {@code listPrice} with one fan price, and a buyer in that crowd (in Redis). */
	protected FanItem fanItem(long listPrice, String crowdType, long price) {
		long seller = newId();
		long itemId = item(seller, listPrice);
		fanPrice(seller, itemId, crowdType, price);
		long user = newId();
		memberInRedis(user, seller + "_" + crowdType.toLowerCase());
		return new FanItem(seller, itemId, user);
	}

	/** Writes the membership as crowd-sync does: field = crowd id, value = expiry epoch seconds. */
	protected void memberInRedis(long userId, String crowdId, Instant until) {
		this.redis.opsForHash().put(CrowdKeys.memberships(String.valueOf(userId)), crowdId,
				String.valueOf(until.getEpochSecond()));
		this.redis.expire(CrowdKeys.memberships(String.valueOf(userId)), Duration.ofHours(1));
	}

	protected void memberInRedis(long userId, String crowdId) {
		memberInRedis(userId, crowdId, Instant.now().plus(Duration.ofDays(1)));
	}

	private static final Pattern MEMBERS = Pattern.compile("/internal/crowds/([^/]+)/members/([0-9]+)");

	private static final Pattern COUPONS = Pattern.compile("/internal/users/([0-9]+)/coupons(?:/([0-9]+))?");

	private static RemoteStub.Response crowdSyncAnswer(RemoteStub.Request request) {
		Matcher m = MEMBERS.matcher(request.path());
		if (!m.matches() || request.authorization() == null || !"consistency=strong".equals(request.query())) {
			return new RemoteStub.Response(400, "{\"code\":\"VALIDATION_FAILED\"}");
		}
		boolean member = STRONG_MEMBERS.contains(m.group(1) + "|" + m.group(2));
		return RemoteStub.Response.ok("{\"member\":%s,\"source\":\"store\",\"asOf\":\"%s\"}".formatted(member, Instant.now()));
	}

	private static RemoteStub.Response walletAnswer(RemoteStub.Request request) {
		Matcher m = COUPONS.matcher(request.path());
		if (!m.matches() || request.authorization() == null) {
			return new RemoteStub.Response(400, "{\"code\":\"VALIDATION_FAILED\"}");
		}
		List<String> coupons = WALLETS.getOrDefault(m.group(1), List.of());
		if (m.group(2) == null) {
			return RemoteStub.Response.ok("{\"items\":[" + String.join(",", coupons) + "]}");
		}
		return coupons.stream()
			.filter(c -> c.contains("\"id\":\"" + m.group(2) + "\""))
			.findFirst()
			.map(RemoteStub.Response::ok)
			.orElse(RemoteStub.Response.notFound());
	}

}
