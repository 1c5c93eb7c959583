package com.promo.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import com.promo.testsupport.RawHttp;
import com.promo.testsupport.RefusalChecks;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's web and security libraries on a real embedded Tomcat: every refusal, from Tomcat's
 * parser to the controllers, is a problem with its code ({@link RefusalChecks}), and a route with a
 * body limit of its own takes a streamed body the default limit refuses.
 */
@SpringBootTest(classes = RefusalsOverHttpTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "promo.security.jwt-secret=" + TestTokens.SECRET,
				"promo.web.request-body.routes.uploads.path=/ops/uploads/**",
				"promo.web.request-body.routes.uploads.max-size=4MB" })
class RefusalsOverHttpTest {

	static final String OPS = TestTokens.token("1", "OPS");

	@SpringBootApplication
	static class App {

		record Thing(String title) {
		}

		@RestController
		static class Endpoints {

			@PostMapping("/ops/things")
			Thing create(@RequestBody Thing thing) {
				return thing;
			}

			@GetMapping("/ops/things")
			Map<String, Integer> list(@RequestParam(defaultValue = "0") int page) {
				return Map.of("page", page);
			}

			/** Streams the body as the settlement-file route does. */
			@PostMapping("/ops/uploads/files")
			Map<String, Long> upload(HttpServletRequest request) throws IOException {
				try (InputStream in = request.getInputStream()) {
					return Map.of("bytes", in.transferTo(java.io.OutputStream.nullOutputStream()));
				}
			}

		}

		/** A filter that fails, outside Spring MVC: only Boot's error page can answer. */
		@Bean
		FilterRegistrationBean<Filter> failingFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				if (((HttpServletRequest) request).getRequestURI().equals("/ops/filter-failure")) {
					throw new IllegalStateException("secret internals");
				}
				chain.doFilter(request, response);
			});
			registration.setOrder(0);
			return registration;
		}

	}

	@LocalServerPort
	int port;

	@Test
	void everyRefusalIsAProblemWithItsCode() {
		RefusalChecks.assertEveryRefusalIsAProblem(this.port, OPS, "/ops/things", "/ops/things?page=0");
	}

	@Test
	void aFailureOutsideSpringMvcIsAProblemThatHidesItsInternals() {
		RawHttp.Response response = RawHttp.send(this.port, "GET", "/ops/filter-failure", "Authorization: Bearer " + OPS);

		assertThat(response.status()).isEqualTo(500);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat((String) response.json("$.code")).isEqualTo("INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain("secret");
	}

	@Test
	void aRouteWithItsOwnLimitTakesAStreamedBodyTheDefaultRefuses() throws Exception {
		byte[] threeMegabytes = new byte[3 * 1024 * 1024];
		HttpResponse<String> accepted = upload("/ops/uploads/files", threeMegabytes);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
		assertThat(accepted.body()).contains("\"bytes\":" + threeMegabytes.length);

		HttpResponse<String> beyond = upload("/ops/uploads/files", new byte[5 * 1024 * 1024]);
		assertThat(beyond.statusCode()).as(beyond.body()).isEqualTo(413);
		assertThat(beyond.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
	}

	@Test
	void aBodyWithinTheLimitIsRead() throws Exception {
		HttpResponse<String> created = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/ops/things"))
				.header("Authorization", "Bearer " + OPS)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(
						() -> new ByteArrayInputStream(RefusalChecks.largeJson(RefusalChecks.DEFAULT_BODY_LIMIT - 100))))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> upload(String path, byte[] body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Authorization", "Bearer " + OPS)
				.header("Content-Type", "text/csv")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
