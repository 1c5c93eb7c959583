package com.promo.gateway.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files under {@code /console} (here the stand-in app of the test classpath's
 * {@code console-app/}), with the development sign-in switched off, as it is by default.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
		registry.add("spring.data.redis.cluster.nodes", TestInfrastructure.get()::redisClusterNodes);
		registry.add("promo.gateway.rate-limit.namespace", () -> "console-it-" + UUID.randomUUID().toString().substring(0, 8));
	}

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static void assertConsoleHeaders(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(
				"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
						+ "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
		assertThat(response.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
	}

	@Test
	void theIndexIsServedWithoutATokenWithItsPolicyAndIsNotCachedForLong() throws Exception {
		for (String path : new String[] { "/console", "/console/" }) {
			HttpResponse<String> index = send("GET", path, null);
			assertThat(index.statusCode()).as(path).isEqualTo(200);
			assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
			assertThat(index.body()).contains("<div id=\"root\"></div>");
			assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
			assertConsoleHeaders(index);
		}
	}

	@Test
	void anAssetIsServedAsItIsAndCachedForAYear() throws Exception {
		HttpResponse<String> asset = send("GET", "/console/assets/app-3f2a9c.js", null);

		assertThat(asset.statusCode()).isEqualTo(200);
		assertThat(asset.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
		assertThat(asset.body()).contains("textContent = \"console\"");
		assertThat(asset.headers().firstValue("Cache-Control")).hasValueSatisfying(
				c -> assertThat(c).contains("max-age=31536000").contains("public").contains("immutable"));
		assertConsoleHeaders(asset);
	}

	@Test
	void aClientSideRouteGetsTheIndexButAMissingAssetIsNotFound() throws Exception {
		HttpResponse<String> route = send("GET", "/console/ops/activities/42?tab=stock", null);
		assertThat(route.statusCode()).isEqualTo(200);
		assertThat(route.body()).contains("<div id=\"root\"></div>");
		assertConsoleHeaders(route);

		HttpResponse<String> missing = send("GET", "/console/assets/gone-000000.js", null);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("\"code\":\"NOT_FOUND\"");
		assertConsoleHeaders(missing);
	}

	@Test
	void nothingOutsideTheAppsFolderIsServed() throws Exception {
		for (String path : new String[] { "/console/../application.yml", "/console/%2e%2e/application.yml",
				"/console/assets/../../application.yml", "/console/assets/%2e%2e/%2e%2e/application.yml" }) {
			HttpResponse<String> response = send("GET", path, null);
			assertThat(response.statusCode()).as(path).isEqualTo(400);
			assertThat(response.body()).as(path).contains("\"code\":\"MALFORMED_REQUEST\"").doesNotContain("dev-sign-in");
		}
	}

	@Test
	void theDevelopmentSignInDoesNotExistWhenItsSwitchIsOff() throws Exception {
		HttpResponse<String> signIn = send("POST", "/console/sign-in/dev", "{\"roles\":[\"OPS\"],\"sub\":\"1\"}");

		assertThat(signIn.statusCode()).isEqualTo(404);
		assertThat(signIn.body()).contains("\"code\":\"NOT_FOUND\"");
	}

}
