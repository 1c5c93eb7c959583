package com.promo.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.promo.testsupport.RawHttp;
import com.promo.testsupport.RefusalChecks;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway refuses itself (Tomcat, the firewall, its body limit, {@code /error}) is a
 * problem with its code, and a service's own refusal reaches the client as the service wrote it.
 * The services are one stand-in HTTP server: it counts the bytes of a body and answers a problem
 * of its own on {@code /merchant/items/refused}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRefusalsIT {

	static final String SERVICE_PROBLEM = "{\"type\":\"urn:promo:problem:unsupported-media-type\","
			+ "\"title\":\"Unsupported Media Type\",\"status\":415,\"detail\":\"Content-Type 'text/plain' is not supported\","
			+ "\"code\":\"UNSUPPORTED_MEDIA_TYPE\"}";

	static HttpServer upstream;

	@DynamicPropertySource
	static void upstreams(DynamicPropertyRegistry registry) throws IOException {
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
		registry.add("spring.data.redis.cluster.nodes", TestInfrastructure.get()::redisClusterNodes);
		registry.add("promo.gateway.rate-limit.namespace",
				() -> "gateway-refusals-it-" + UUID.randomUUID().toString().substring(0, 8));
		upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		upstream.createContext("/", GatewayRefusalsIT::answer);
		upstream.start();
		for (String service : List.of("activity", "coupon", "claim", "crowd-sync", "pricing")) {
			registry.add("promo.gateway.services." + service, () -> "http://127.0.0.1:" + upstream.getAddress().getPort());
		}
	}

	private static void answer(HttpExchange exchange) throws IOException {
		long bytes;
		try (InputStream body = exchange.getRequestBody()) {
			bytes = body.transferTo(java.io.OutputStream.nullOutputStream());
		}
		boolean refused = exchange.getRequestURI().getPath().equals("/merchant/items/refused");
		byte[] answer = (refused ? SERVICE_PROBLEM : "{\"bytes\":" + bytes + "}").getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", refused ? "application/problem+json" : "application/json");
		exchange.sendResponseHeaders(refused ? 415 : 200, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop(0);
	}

	@LocalServerPort
	int port;

	final String consumer = TestTokens.token("3", "CONSUMER");

	final String ops = TestTokens.token("1", "OPS");

	final String merchant = TestTokens.token("2", "MERCHANT");

	@Test
	void whatTomcatAndTheFirewallRefuseAtTheGatewayIsAProblem() {
		RefusalChecks.assertContainerAndFirewallRefusalsAreProblems(this.port, this.consumer, "/api/claims/1");
	}

	@Test
	void aBrokenQueryEncodingIsABadRequestNotAnError() {
		RawHttp.Response response = RawHttp.send(this.port, "GET", "/api/claims/1?x=%zz",
				"Authorization: Bearer " + this.consumer);

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat((String) response.json("$.code")).isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void bodiesBeyondTheLimitAreRefusedByTheGateway() throws Exception {
		byte[] large = RefusalChecks.largeJson(RefusalChecks.DEFAULT_BODY_LIMIT + 1000);
		for (boolean chunked : new boolean[] { false, true }) {
			HttpResponse<String> response = post("/api/quotes", this.consumer, "application/json", large, chunked);
			assertThat(response.statusCode()).as("chunked " + chunked + ": " + response.body()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
			assertThat(response.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
		}
		HttpResponse<String> within = post("/api/quotes", this.consumer, "application/json",
				RefusalChecks.largeJson(RefusalChecks.DEFAULT_BODY_LIMIT - 1000), true);
		assertThat(within.statusCode()).isEqualTo(200);
	}

	@Test
	void settlementFilesStreamThroughPastTheDefaultLimit() throws Exception {
		byte[] file = new byte[3 * 1024 * 1024];

		HttpResponse<String> response = post("/ops/flash-sales/9/reconciliations", this.ops, "text/csv", file, true);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"bytes\":" + file.length + "}");
	}

	/** Anonymous public reads skip Spring Security's filters (GatewayFilters), not its firewall. */
	@Test
	void anonymousPublicReadsStillPassTheFirewall() {
		for (String[] refused : List.of(new String[] { "/api/activities/a%00b" }, new String[] { "/api/activities/%2e%2e" },
				new String[] { "/api/activities/1;x=1" }, new String[] { "/api/activities/1", "X-Broken: a\u0001b" })) {
			RawHttp.Response response = RawHttp.send(this.port, "GET", refused[0],
					java.util.Arrays.copyOfRange(refused, 1, refused.length));

			assertThat(response.status()).as(String.join(" ", refused) + ": " + response).isEqualTo(400);
			assertThat((String) response.json("$.code")).isEqualTo("MALFORMED_REQUEST");
		}
		assertThat(RawHttp.send(this.port, "GET", "/api/activities/1").status()).isEqualTo(200);
	}

	@Test
	void aServicesRefusalPassesThroughAsItsProblem() throws Exception {
		HttpResponse<String> response = post("/merchant/items/refused", this.merchant, "text/plain",
				"x".getBytes(StandardCharsets.UTF_8), false);

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(response.body()).isEqualTo(SERVICE_PROBLEM);
	}

	private HttpResponse<String> post(String path, String token, String contentType, byte[] body, boolean chunked)
			throws Exception {
		HttpRequest.BodyPublisher publisher = chunked
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
				: HttpRequest.BodyPublishers.ofByteArray(body);
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", contentType)
				.POST(publisher)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
