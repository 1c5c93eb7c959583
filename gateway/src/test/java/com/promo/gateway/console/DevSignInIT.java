package com.promo.gateway.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.promo.security.JwtDecoders;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The development sign-in switched on (as `./promo up` and the system tests run the gateway): it
 * mints an HS256 token for the role and id asked for, which the gateway lets through to the
 * service (a stand-in here) and a service's own decoder accepts; bad input names the field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "promo.gateway.dev-sign-in.enabled=true")
class DevSignInIT {

	static HttpServer activityService;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
		registry.add("spring.data.redis.cluster.nodes", TestInfrastructure.get()::redisClusterNodes);
		registry.add("promo.gateway.rate-limit.namespace", () -> "signin-it-" + UUID.randomUUID().toString().substring(0, 8));
		activityService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		activityService.createContext("/", exchange -> {
			byte[] body = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		activityService.start();
		registry.add("promo.gateway.services.activity",
				() -> "http://127.0.0.1:" + activityService.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		activityService.stop(0);
	}

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	HttpResponse<String> signIn(String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/console/sign-in/dev"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> get(String path, String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aSignedInOperatorGetsAnHourLongTokenThatTheGatewayAndTheServicesAccept() throws Exception {
		HttpResponse<String> signedIn = signIn("{\"roles\":[\"OPS\"],\"sub\":\"17\"}");

		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
		ConsoleIT.assertConsoleHeaders(signedIn);
		String token = json(signedIn, "$.token");
		Instant expiresAt = Instant.parse(json(signedIn, "$.expiresAt"));
		assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(Duration.ofMinutes(1)));

		Jwt decoded = JwtDecoders.hs256(TestTokens.SECRET).decode(token);
		assertThat(decoded.getSubject()).isEqualTo("17");
		assertThat(decoded.getClaimAsStringList("roles")).containsExactly("OPS");
		assertThat(decoded.getExpiresAt()).isEqualTo(expiresAt);

		HttpResponse<String> routed = get("/ops/activities", token);
		assertThat(routed.statusCode()).as(routed.body()).isEqualTo(200);
		assertThat(routed.body()).isEqualTo("{\"items\":[]}");
		assertThat(get("/merchant/activities", token).statusCode()).as("an operator is no merchant").isEqualTo(403);
	}

	@Test
	void severalRolesGoIntoOneToken() throws Exception {
		HttpResponse<String> signedIn = signIn("{\"roles\":[\"MERCHANT\",\"CONSUMER\"],\"sub\":\"5\"}");

		assertThat(signedIn.statusCode()).isEqualTo(200);
		assertThat(JwtDecoders.hs256(TestTokens.SECRET).decode(json(signedIn, "$.token")).getClaimAsStringList("roles"))
			.containsExactly("MERCHANT", "CONSUMER");
	}

	@Test
	void badRolesAndIdsAreRefusedNamingTheField() throws Exception {
		assertRefused(signIn("{\"roles\":[\"SERVICE\"],\"sub\":\"1\"}"), "roles[0]");
		assertRefused(signIn("{\"roles\":[\"OPS\",\"ROOT\"],\"sub\":\"1\"}"), "roles[1]");
		assertRefused(signIn("{\"roles\":[],\"sub\":\"1\"}"), "roles");
		assertRefused(signIn("{\"sub\":\"1\"}"), "roles");
		assertRefused(signIn("{\"roles\":[\"OPS\"],\"sub\":\"admin\"}"), "sub");
		assertRefused(signIn("{\"roles\":[\"OPS\"]}"), "sub");
		assertRefused(signIn("{\"roles\":\"OPS\",\"sub\":\"1\"}"), "roles");
		assertThat(signIn("{not json").statusCode()).isEqualTo(400);
	}

	static void assertRefused(HttpResponse<String> response, String field) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat((String) json(response, "$.code")).isEqualTo("VALIDATION_FAILED");
		assertThat((List<String>) json(response, "$.errors[*].field")).containsExactly(field);
	}

}
