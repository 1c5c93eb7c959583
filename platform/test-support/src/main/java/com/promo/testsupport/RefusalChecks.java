package com.promo.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.assertj.core.api.SoftAssertions;

/**
 * Every way a request can be refused before or around the controllers, sent to a running service
 * or gateway, and each answer checked to be {@code application/problem+json} with the expected
 * status and stable {@code code}: what Tomcat refuses (raw socket: an encoded NUL, backslash or
 * slash, a control character in a header, headers beyond 8 KB), what the firewall refuses (encoded
 * dot segments, {@code ;}, {@code //}, a C1 control character in a header, an unknown method),
 * Boot's {@code /error}, and what Spring MVC refuses (415, 406, 405, unreadable and oversized
 * bodies, a broken %-encoding in the query).
 */
public final class RefusalChecks {

	/** The platform's default body limit ({@code promo.web.request-body.max-size}). */
	public static final int DEFAULT_BODY_LIMIT = 1024 * 1024;

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private record Expected(String what, int status, String code) {
	}

	private record RawCase(String what, String method, String target, List<String> headers, int status, String code) {
	}

	private RefusalChecks() {
	}

	/**
	 * @param port where the service listens
	 * @param token a token with the rights both paths need
	 * @param postPath a route that takes a JSON body by POST and has no DELETE
	 * @param getPath a GET route that reads a query parameter
	 */
	public static void assertEveryRefusalIsAProblem(int port, String token, String postPath, String getPath) {
		assertContainerAndFirewallRefusalsAreProblems(port, token, getPath);
		SoftAssertions softly = new SoftAssertions();
		String bearer = "Bearer " + token;
		String separator = getPath.contains("?") ? "&" : "?";
		check(softly, new Expected("a query parameter that is not %-encoded properly", 400, "MALFORMED_REQUEST"),
				RawHttp.send(port, "GET", getPath + separator + "broken=%zz", "Authorization: " + bearer));
		check(softly, new Expected("an unknown transfer coding", 501, "NOT_IMPLEMENTED"), RawHttp.send(port, "POST",
				postPath, "Authorization: " + bearer, "Content-Type: application/json", "Transfer-Encoding: gzip"));

		check(softly, new Expected("a text/plain body", 415, "UNSUPPORTED_MEDIA_TYPE"),
				post(port, postPath, bearer, "text/plain", "x".getBytes(StandardCharsets.UTF_8), false));
		check(softly, new Expected("a wildcard Content-Type", 415, "UNSUPPORTED_MEDIA_TYPE"),
				post(port, postPath, bearer, "*/*", "{}".getBytes(StandardCharsets.UTF_8), false));
		check(softly, new Expected("a YAML body", 415, "UNSUPPORTED_MEDIA_TYPE"),
				post(port, postPath, bearer, "application/yaml", "a: 1".getBytes(StandardCharsets.UTF_8), false));
		check(softly, new Expected("malformed JSON", 400, "VALIDATION_FAILED"),
				post(port, postPath, bearer, "application/json", "{\"a\":".getBytes(StandardCharsets.UTF_8), false));
		byte[] large = largeJson(DEFAULT_BODY_LIMIT + DEFAULT_BODY_LIMIT / 2);
		check(softly, new Expected("a body above the limit, with Content-Length", 413, "PAYLOAD_TOO_LARGE"),
				post(port, postPath, bearer, "application/json", large, false));
		check(softly, new Expected("a body above the limit, chunked", 413, "PAYLOAD_TOO_LARGE"),
				post(port, postPath, bearer, "application/json", large, true));
		check(softly, new Expected("a method the route does not have", 405, "METHOD_NOT_ALLOWED"),
				send(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + postPath))
					.DELETE()
					.header("Authorization", bearer)));
		check(softly, new Expected("an Accept the route cannot produce", 406, "NOT_ACCEPTABLE"),
				send(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
					.header("Accept", "application/json")));
		softly.assertAll();
	}

	/**
	 * The refusals that happen before any route is chosen (so the gateway answers them itself):
	 * Tomcat's, the firewall's and Boot's {@code /error}.
	 *
	 * @param getPath a GET route the token may call
	 */
	public static void assertContainerAndFirewallRefusalsAreProblems(int port, String token, String getPath) {
		SoftAssertions softly = new SoftAssertions();
		String auth = "Authorization: Bearer " + token;
		List<RawCase> cases = List.of(
				new RawCase("an encoded NUL in the path", "GET", "/ops/a%00b", List.of(), 400, "MALFORMED_REQUEST"),
				new RawCase("an encoded backslash in the path", "GET", "/ops/a%5Cb", List.of(), 400, "MALFORMED_REQUEST"),
				new RawCase("an encoded slash in the path", "GET", "/ops/a%2Fb", List.of(), 400, "MALFORMED_REQUEST"),
				new RawCase("encoded dot segments", "GET", "/ops/%2e%2e/x", List.of(), 400, "MALFORMED_REQUEST"),
				new RawCase("a path parameter", "GET", "/ops/a;x=1/b", List.of(), 400, "MALFORMED_REQUEST"),
				new RawCase("an empty path segment", "GET", "/ops//b", List.of(), 400, "MALFORMED_REQUEST"),
				new RawCase("a control character in a header", "GET", getPath, List.of(auth, "X-Broken: a\u0001b"), 400,
						"MALFORMED_REQUEST"),
				new RawCase("a header name that is not a token", "GET", getPath, List.of(auth, "X-Caf\u00e9: 1"), 400,
						"MALFORMED_REQUEST"),
				new RawCase("a C1 control character (not ASCII) in the token header", "GET", getPath,
						List.of("Authorization: Bearer a\u0085b"), 400, "MALFORMED_REQUEST"),
				new RawCase("UTF-8 bytes (not ASCII) in the token header", "GET", getPath,
						List.of("Authorization: Bearer caf\u00c3\u00a9"), 401, "UNAUTHENTICATED"),
				new RawCase("headers beyond 8 KB", "GET", getPath, List.of(auth, "X-Large: " + "a".repeat(9 * 1024)), 431,
						"HEADERS_TOO_LARGE"),
				new RawCase("an unknown method", "FOO", getPath, List.of(auth), 400, "MALFORMED_REQUEST"),
				new RawCase("/error called directly", "GET", "/error", List.of(), 404, "NOT_FOUND"),
				new RawCase("/error asked for HTML", "GET", "/error", List.of("Accept: text/html"), 404, "NOT_FOUND"));
		for (RawCase c : cases) {
			check(softly, new Expected(c.what(), c.status(), c.code()),
					RawHttp.send(port, c.method(), c.target(), c.headers().toArray(String[]::new)));
		}
		softly.assertAll();
	}

	private static void check(SoftAssertions softly, Expected expected, RawHttp.Response response) {
		check(softly, expected, response.status(), response.header("Content-Type"), response.body());
	}

	private static void check(SoftAssertions softly, Expected expected, HttpResponse<String> response) {
		check(softly, expected, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
				response.body());
	}

	private static void check(SoftAssertions softly, Expected expected, int status, String contentType, String body) {
		String what = expected.what() + " -> " + status + " " + contentType + " " + abbreviate(body);
		softly.assertThat(status).as(what).isEqualTo(expected.status());
		softly.assertThat(contentType).as(what).startsWith("application/problem+json");
		try {
			softly.assertThat((String) JsonPath.read(body, "$.code")).as(what).isEqualTo(expected.code());
			softly.assertThat((Integer) JsonPath.read(body, "$.status")).as(what).isEqualTo(expected.status());
		}
		catch (RuntimeException ex) {
			softly.fail("%s: not a problem body (%s)", what, ex.getMessage());
		}
	}

	private static HttpResponse<String> post(int port, String path, String bearer, String contentType, byte[] body,
			boolean chunked) {
		HttpRequest.BodyPublisher publisher = chunked
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
				: HttpRequest.BodyPublishers.ofByteArray(body);
		return send(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.POST(publisher)
			.header("Authorization", bearer)
			.header("Content-Type", contentType));
	}

	private static HttpResponse<String> send(int port, HttpRequest.Builder request) {
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("request to port " + port + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A well-formed JSON object of about {@code size} bytes: only its size is wrong. */
	public static byte[] largeJson(int size) {
		return ("{\"padding\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
	}

	private static String abbreviate(String text) {
		return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
	}

}
