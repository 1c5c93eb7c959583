package com.promo.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.promo.testsupport.OpenApiSnapshots;
import com.promo.testsupport.RawHttp;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of five stand-in upstream HTTP servers (one per service, each answering
 * with its own name), so that routing, token checks and failure handling are seen from outside.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

	record Seen(String service, String method, String path, String authorization, String requestId,
			String forwardedFor, String hopHeader) {
	}

	static final Map<String, HttpServer> UPSTREAMS = new LinkedHashMap<>();

	static final ConcurrentLinkedQueue<Seen> SEEN = new ConcurrentLinkedQueue<>();

	static int closedPort;

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) throws IOException {
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
		// the rate limits' Redis Cluster; budgets of this run only (the defaults apply)
		registry.add("spring.data.redis.cluster.nodes", TestInfrastructure.get()::redisClusterNodes);
		registry.add("promo.gateway.rate-limit.namespace", () -> "gateway-it-" + UUID.randomUUID().toString().substring(0, 8));
		for (String service : List.of("activity", "coupon", "claim", "pricing")) {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", exchange -> {
				SEEN.add(new Seen(service, exchange.getRequestMethod(), exchange.getRequestURI().toString(),
						exchange.getRequestHeaders().getFirst("Authorization"),
						exchange.getRequestHeaders().getFirst("X-Request-Id"),
						exchange.getRequestHeaders().getFirst("X-Forwarded-For"),
						exchange.getRequestHeaders().getFirst("X-Hop")));
				// the service's committed OpenAPI document, whole (internal routes included), as it serves it
				byte[] body = exchange.getRequestURI().getPath().equals("/v3/api-docs")
						? Files.readAllBytes(OpenApiSnapshots.directory()
							.resolve((service.equals("pricing") ? "discount-pricing" : service) + "-service.json"))
						: ("{\"service\":\"" + service + "\"}").getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				// as the services do: the request's id comes back on the answer
				String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
				if (requestId != null) {
					exchange.getResponseHeaders().add("X-Request-Id", requestId);
				}
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			UPSTREAMS.put(service, server);
			registry.add("promo.gateway.services." + service, () -> "http://127.0.0.1:" + server.getAddress().getPort());
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort(); // crowd-sync is "down": nothing listens there
		}
		registry.add("promo.gateway.services.crowd-sync", () -> "http://127.0.0.1:" + closedPort);
	}

	@AfterAll
	static void stopUpstreams() {
		UPSTREAMS.values().forEach(server -> server.stop(0));
	}

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	HttpResponse<String> call(String method, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void eachPathPrefixReachesItsOwningService() throws Exception {
		String ops = TestTokens.token("1", "OPS");
		String merchant = TestTokens.token("2", "MERCHANT");
		String consumer = TestTokens.token("3", "CONSUMER");

		assertThat(call("GET", "/ops/activities?page=0", ops).body()).contains("activity");
		assertThat(call("POST", "/merchant/activities/7/signups", merchant).body()).contains("coupon");
		assertThat(call("GET", "/merchant/activities", merchant).body()).contains("activity");
		assertThat(call("GET", "/merchant/coupon-templates/9", merchant).body()).contains("coupon");
		assertThat(call("POST", "/api/coupon-templates/9/claims", consumer).body()).contains("claim");
		assertThat(call("GET", "/api/claims/5", consumer).body()).contains("claim");
		assertThat(call("GET", "/ops/coupon-templates/9/stock", ops).body()).contains("claim");
		assertThat(call("POST", "/api/flash-sales/9/tokens", consumer).body()).contains("claim");
		assertThat(call("PUT", "/merchant/items/4", merchant).body()).contains("pricing");
		assertThat(call("GET", "/api/prices?itemIds=1,2", consumer).body()).contains("pricing");
		assertThat(call("POST", "/api/quotes", consumer).body()).contains("pricing");
		assertThat(call("GET", "/api/me/coupons", consumer).body()).contains("coupon");
	}

	@Test
	void theRequestReachesTheServiceUnchangedWithTokenAndRequestId() throws Exception {
		String token = TestTokens.token("3", "CONSUMER");
		SEEN.clear();

		HttpResponse<String> response = call("GET", "/api/claims/77?x=1", token);

		assertThat(response.statusCode()).isEqualTo(200);
		Seen seen = SEEN.poll();
		assertThat(seen).isNotNull();
		assertThat(seen.path()).isEqualTo("/api/claims/77?x=1");
		assertThat(seen.authorization()).isEqualTo("Bearer " + token);
		assertThat(seen.requestId()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
		assertThat(response.headers().allValues("X-Request-Id")).as("the gateway's and the service's are one").hasSize(1);
	}

	@Test
	void publicReadsNeedNoTokenButRefuseABadOne() throws Exception {
		assertThat(call("GET", "/api/activities/12", null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/api/listings/5/coupons", null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/api/listings/5/coupons", "garbage").statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/activities/12", TestTokens.expired("3", "CONSUMER")).statusCode()).isEqualTo(401);
	}

	@Test
	void theGatewayChecksTokensAndRolesItself() throws Exception {
		HttpResponse<String> anonymous = call("GET", "/ops/activities", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).contains("\"code\":\"UNAUTHENTICATED\"");
		assertThat(call("GET", "/ops/activities", TestTokens.token("3", "CONSUMER")).statusCode()).isEqualTo(403);
		assertThat(call("GET", "/ops/activities", TestTokens.unsigned("1", "OPS")).statusCode()).isEqualTo(401);
		assertThat(call("POST", "/api/quotes", null).statusCode()).isEqualTo(401);
	}

	@Test
	void internalPathsAreNotFoundWhateverTheToken() throws Exception {
		SEEN.clear();
		for (String token : new String[] { null, "garbage", TestTokens.token("9", "SERVICE") }) {
			HttpResponse<String> response = call("POST", "/internal/coupons/1/lock", token);
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"");
		}
		assertThat(call("GET", "/internal", null).statusCode()).isEqualTo(404);
		assertThat(SEEN).isEmpty();
	}

	@Test
	void serviceHealthIsVisibleThroughTheGateway() throws Exception {
		SEEN.clear();

		HttpResponse<String> response = call("GET", "/services/coupon/actuator/health/readiness", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SEEN.poll().path()).isEqualTo("/actuator/health/readiness");
	}

	@Test
	void theServiceLearnsTheCallersAddressAndNoHopByHopHeader() {
		SEEN.clear();
		RawHttp.Response response = RawHttp.send(this.port, "GET", "/api/activities/12", "X-Forwarded-For: 203.0.113.9",
				"X-Hop: 1", "Connection: X-Hop");

		assertThat(response.status()).isEqualTo(200);
		Seen seen = SEEN.poll();
		assertThat(seen).isNotNull();
		// appended, never replaced: the last entry is the address the gateway saw
		assertThat(seen.forwardedFor()).isEqualTo("203.0.113.9, 127.0.0.1");
		assertThat(seen.hopHeader()).as("a header the caller named in Connection is the hop's own").isNull();
	}

	@Test
	void aServiceThatKeepsFailingOpensItsBreakerAndIsNoLongerCalled(@Autowired CircuitBreakerRegistry breakers)
			throws Exception {
		CircuitBreaker breaker = breakers.circuitBreaker("crowd-sync");
		assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls())
			.as("resilience4j.circuitbreaker.configs.default applies")
			.isEqualTo(10);
		String ops = TestTokens.token("1", "OPS");
		for (int i = 0; i < 10 && breaker.getState() == CircuitBreaker.State.CLOSED; i++) {
			assertThat(call("GET", "/ops/crowd-sync/batches", ops).statusCode()).isEqualTo(503);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		long refusedBefore = breaker.getMetrics().getNumberOfNotPermittedCalls();

		HttpResponse<String> response = call("GET", "/ops/crowd-sync/batches", ops);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"code\":\"UNAVAILABLE\"");
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).as("answered without calling the service")
			.isEqualTo(refusedBefore + 1);
		breaker.reset();
	}

	@Test
	void anUnreachableServiceIsUnavailableNotAnError() throws Exception {
		HttpResponse<String> response = call("POST", "/ops/crowd-sync/batches", TestTokens.token("1", "OPS"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"code\":\"UNAVAILABLE\"");
	}

	@Test
	void theSwaggerUiShowsEachServicesPublicRoutesAndNoInternalOne() throws Exception {
		assertThat(call("GET", "/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/v3/api-docs/swagger-config", null).body()).contains("/v3/api-docs/activity",
				"/v3/api-docs/coupon", "/v3/api-docs/claim", "/v3/api-docs/crowd-sync", "/v3/api-docs/pricing");

		HttpResponse<String> coupon = call("GET", "/v3/api-docs/coupon", null);

		assertThat(coupon.statusCode()).isEqualTo(200);
		assertThat(coupon.body()).contains("\"/api/me/coupons\"", "\"/merchant/coupon-templates\"", "\"429\"")
			.doesNotContain("/internal");
		assertThat(call("GET", "/v3/api-docs/crowd-sync", null).body()).contains("\"code\":\"UNAVAILABLE\"");
		assertThat(call("GET", "/v3/api-docs/nothing", null).statusCode()).isEqualTo(404);
	}

	@Test
	void unknownPathsAreNotFound() throws Exception {
		HttpResponse<String> response = call("GET", "/nowhere", null);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"");
	}

}
