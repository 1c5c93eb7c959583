package com.promo.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;

/**
 * A small HTTP client for black-box tests: JSON in, the raw response out, with a bearer token and
 * any extra headers ({@code name, value} pairs).
 */
public final class ApiClient {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String baseUrl;

	public ApiClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public static ApiClient local(int port) {
		return new ApiClient("http://localhost:" + port);
	}

	public HttpResponse<String> get(String path, String token, String... headers) {
		return send("GET", path, token, null, headers);
	}

	public HttpResponse<String> post(String path, String token, String json, String... headers) {
		return send("POST", path, token, json, headers);
	}

	public HttpResponse<String> put(String path, String token, String json, String... headers) {
		return send("PUT", path, token, json, headers);
	}

	public HttpResponse<String> patch(String path, String token, String json, String... headers) {
		return send("PATCH", path, token, json, headers);
	}

	public HttpResponse<String> delete(String path, String token, String... headers) {
		return send("DELETE", path, token, null, headers);
	}

	public HttpResponse<String> send(String method, String path, String token, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Reads a JSON path of a response body. */
	public static <T> T json(HttpResponse<String> response, String path) {
		return JsonPath.read(response.body(), path);
	}

}
