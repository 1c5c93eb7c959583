package com.promo.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxied request continues the caller's trace and carries the request id (the circuit breaker
 * runs the call on the request's thread: on a pool thread of its own both were lost).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayTracingIT {

	/** What the upstream saw: its {@code traceparent} and {@code X-Request-Id}. */
	static final ConcurrentLinkedQueue<Map<String, String>> SEEN = new ConcurrentLinkedQueue<>();

	static HttpServer upstream;

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) throws IOException {
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
		registry.add("spring.data.redis.cluster.nodes", TestInfrastructure.get()::redisClusterNodes);
		registry.add("promo.gateway.rate-limit.namespace", () -> "gateway-trace-it-" + UUID.randomUUID().toString().substring(0, 8));
		upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		upstream.createContext("/", exchange -> {
			String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
			String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
			SEEN.add(Map.of("traceparent", traceparent == null ? "" : traceparent, "requestId",
					requestId == null ? "" : requestId));
			byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
		for (String service : new String[] { "activity", "coupon", "claim", "crowd-sync", "pricing" }) {
			registry.add("promo.gateway.services." + service, () -> "http://127.0.0.1:" + upstream.getAddress().getPort());
		}
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop(0);
	}

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void theProxiedRequestContinuesTheCallersSampledTrace() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String callerSpan = "00f067aa0ba902b7";
		SEEN.clear();

		HttpResponse<String> response = get("/api/activities/12", "traceparent", "00-" + traceId + "-" + callerSpan + "-01");

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, String> seen = SEEN.poll();
		assertThat(seen).isNotNull();
		// the same trace, a span of the gateway's as the parent, still sampled
		assertThat(seen.get("traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-01")
			.doesNotContain(callerSpan);
		assertThat(seen.get("requestId")).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
	}

	@Test
	void aRequestWithoutTraceStartsOneThatTheServiceContinues() throws Exception {
		SEEN.clear();

		get("/api/activities/12");

		assertThat(SEEN.poll().get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
	}

	@Test
	void theServiceGetsTheRequestIdTheGatewayAnsweredNotAnInvalidOneFromTheClient() throws Exception {
		SEEN.clear();

		HttpResponse<String> response = get("/api/activities/12", "X-Request-Id", "not/a\"valid id");

		String answered = response.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(answered).isNotEqualTo("not/a\"valid id");
		assertThat(SEEN.poll().get("requestId")).isEqualTo(answered);
	}

}
