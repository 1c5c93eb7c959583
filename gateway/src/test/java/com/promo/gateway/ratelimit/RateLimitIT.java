package com.promo.gateway.ratelimit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.promo.gateway.GatewayApplication;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances sharing the real Redis Cluster (budgets: 5 claims and 4 anonymous reads
 * per 10 minutes, so nothing refills during a test), in front of one stand-in upstream. The first
 * trusts 127.0.0.1 as a proxy, the second trusts only 192.0.2.0/24, so the test's own requests
 * reach it from an untrusted address. A third gateway's Redis is a closed port. Each run has a
 * namespace of its own: no budget left over from an earlier run counts.
 */
class RateLimitIT {

	static final String NAMESPACE = "gateway-it-" + UUID.randomUUID().toString().substring(0, 8);

	static HttpServer upstream;

	static ConfigurableApplicationContext trustingLocalhost;

	static ConfigurableApplicationContext trustingOthers;

	static ConfigurableApplicationContext withoutRedis;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws IOException {
		upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		upstream.createContext("/", exchange -> {
			byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
		String redis = TestInfrastructure.get().redisClusterNodes();
		trustingLocalhost = gateway(redis, "127.0.0.1");
		trustingOthers = gateway(redis, "192.0.2.0/24");
		try (ServerSocket socket = new ServerSocket(0)) {
			withoutRedis = gateway("127.0.0.1:" + socket.getLocalPort(), "127.0.0.1");
		}
	}

	static ConfigurableApplicationContext gateway(String redisNodes, String trustedProxies) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", 0);
		properties.put("management.server.port", 0); // two instances: neither takes the fixed 8090
		properties.put("spring.data.redis.cluster.nodes", redisNodes);
		properties.put("spring.data.redis.timeout", "1s");
		properties.put("spring.data.redis.connect-timeout", "1s");
		properties.put("promo.security.jwt-secret", TestTokens.SECRET);
		for (String service : List.of("activity", "coupon", "claim", "crowd-sync", "pricing")) {
			properties.put("promo.gateway.services." + service, "http://127.0.0.1:" + upstream.getAddress().getPort());
		}
		properties.put("promo.gateway.rate-limit.namespace", NAMESPACE);
		properties.put("promo.gateway.rate-limit.trusted-proxies", trustedProxies);
		properties.put("promo.gateway.rate-limit.anonymous-reads.capacity", 4);
		properties.put("promo.gateway.rate-limit.anonymous-reads.period", "10m");
		properties.put("promo.gateway.rate-limit.routes.claims.capacity", 5);
		properties.put("promo.gateway.rate-limit.routes.claims.period", "10m");
		// as arguments: they must win over application.yml (builder properties are mere defaults)
		return new SpringApplicationBuilder(GatewayApplication.class).run(properties.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { trustingLocalhost,
				trustingOthers, withoutRedis }) {
			if (context != null) {
				context.close();
			}
		}
		if (upstream != null) {
			upstream.stop(0);
		}
	}

	@Test
	void aUserHammeringClaimsIsHeldToTheBudgetAcrossBothInstances() throws Exception {
		String hammering = TestTokens.token(randomUserId(), "CONSUMER");
		double refusedBefore = refused(trustingLocalhost, "claims") + refused(trustingOthers, "claims");

		int allowed = 0;
		HttpResponse<String> refusal = null;
		for (int i = 0; i < 12; i++) {
			ConfigurableApplicationContext instance = i % 2 == 0 ? trustingLocalhost : trustingOthers;
			HttpResponse<String> response = send(instance, "POST", "/api/coupon-templates/9/claims", hammering, null);
			if (response.statusCode() == 200) {
				allowed++;
			}
			else {
				assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
				refusal = response;
			}
		}

		assertThat(allowed).as("claims let through by the two instances together").isEqualTo(5);
		assertThat(refusal).isNotNull();
		assertThat(refusal.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refusal.body()).contains("\"code\":\"RATE_LIMITED\"", "\"status\":429", "\"limit\":\"claims\"");
		assertThat(Long.parseLong(refusal.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 600L);
		assertThat(refused(trustingLocalhost, "claims") + refused(trustingOthers, "claims") - refusedBefore)
			.isEqualTo(7.0);

		String another = TestTokens.token(randomUserId(), "CONSUMER");
		assertThat(send(trustingLocalhost, "POST", "/api/coupon-templates/9/claims", another, null).statusCode())
			.as("another user's claims").isEqualTo(200);
		assertThat(send(trustingOthers, "POST", "/api/coupon-templates/9/claims", another, null).statusCode())
			.isEqualTo(200);
		assertThat(send(trustingOthers, "POST", "/api/quotes", hammering, null).statusCode())
			.as("the hammering user's other writes spend another budget").isEqualTo(200);
	}

	@Test
	void anonymousReadsAreLimitedPerClientAddressBehindATrustedProxy() throws Exception {
		String client = randomAddress();
		for (int i = 0; i < 4; i++) {
			assertThat(send(trustingLocalhost, "GET", "/api/activities/12", null, client).statusCode()).isEqualTo(200);
		}

		HttpResponse<String> refused = send(trustingLocalhost, "GET", "/api/activities/12", null, client);

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.body()).contains("\"limit\":\"anonymous-reads\"");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(send(trustingLocalhost, "GET", "/api/activities/12", null, randomAddress()).statusCode())
			.as("another client address").isEqualTo(200);
		assertThat(send(trustingLocalhost, "GET", "/api/activities/12", TestTokens.token(randomUserId(), "CONSUMER"),
				client).statusCode()).as("a signed-in user's read").isEqualTo(200);
	}

	@Test
	void forwardedForFromAnUntrustedAddressDoesNotChangeTheSubject() throws Exception {
		// every request comes from 127.0.0.1, which the second instance does not trust: each spoofed
		// header is ignored and all of them spend 127.0.0.1's budget
		for (int i = 0; i < 4; i++) {
			assertThat(send(trustingOthers, "GET", "/api/activities/12", null, randomAddress()).statusCode())
				.isEqualTo(200);
		}

		assertThat(send(trustingOthers, "GET", "/api/activities/12", null, randomAddress()).statusCode())
			.isEqualTo(429);
	}

	@Test
	void withoutRedisRequestsPassAndAreCounted() throws Exception {
		double uncheckedBefore = withoutRedis.getBean(MeterRegistry.class)
			.counter(RateLimitMeters.UNCHECKED, "route", "claims")
			.count();

		HttpResponse<String> response = send(withoutRedis, "POST", "/api/coupon-templates/9/claims",
				TestTokens.token(randomUserId(), "CONSUMER"), null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(withoutRedis.getBean(MeterRegistry.class).counter(RateLimitMeters.UNCHECKED, "route", "claims").count())
			.isEqualTo(uncheckedBefore + 1);
	}

	HttpResponse<String> send(ConfigurableApplicationContext instance, String method, String path, String token,
			String forwardedFor) throws Exception {
		String port = instance.getEnvironment().getProperty("local.server.port");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static double refused(ConfigurableApplicationContext instance, String limit) {
		return instance.getBean(MeterRegistry.class).counter(RateLimitMeters.REFUSED, "route", limit).count();
	}

	static String randomUserId() {
		return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
	}

	static String randomAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

}
