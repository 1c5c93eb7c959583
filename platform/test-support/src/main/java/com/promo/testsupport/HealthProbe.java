package com.promo.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a running service's actuator health over HTTP, as a load balancer or Kubernetes would. */
public final class HealthProbe {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private HealthProbe() {
	}

	/** GETs {@code url} and returns status code and body. */
	public static HttpResponse<String> get(String url) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + url + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Asserts that the readiness group at {@code baseUrl} ({@code /readyz}, where a load balancer probes) is UP and contains each named component
	 * (for example {@code db}, {@code redis}, {@code kafka}) in state UP.
	 */
	public static void assertReady(String baseUrl, String... components) {
		HttpResponse<String> response = get(baseUrl + "/readyz");
		assertThat(response.statusCode()).as("readiness of %s: %s", baseUrl, response.body()).isEqualTo(200);
		String body = response.body();
		assertThat(JsonPath.<String>read(body, "$.status")).isEqualTo("UP");
		for (String component : components) {
			assertThat(JsonPath.<String>read(body, "$.components." + component + ".status"))
				.as("component %s in %s", component, body)
				.isEqualTo("UP");
		}
	}

}
