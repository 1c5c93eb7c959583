package com.promo.gateway.openapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.promo.gateway.GatewayProperties;
import com.promo.gateway.RouteTable;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/api-docs/{service}}: the service's own document (its {@code /v3/api-docs}, internal
 * routes and all) cut down to what the gateway routes to it, for the Swagger UI at
 * {@code /swagger-ui.html} (springdoc's, pointed at these five documents in application.yml).
 * Read from the running service, so it shows what is deployed; kept {@value #TTL_SECONDS} s so
 * that anonymous readers of the UI do not turn into a stream of calls to the services.
 */
@RestController
class PublicApiDocs {

	static final long TTL_SECONDS = 30;

	private static final Logger log = LoggerFactory.getLogger(PublicApiDocs.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private record Cached(Instant until, String document) {
	}

	private final GatewayProperties services;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	PublicApiDocs(GatewayProperties services, Clock clock) {
		this.services = services;
		this.clock = clock;
	}

	@GetMapping(path = "/v3/api-docs/{service}", produces = MediaType.APPLICATION_JSON_VALUE)
	String document(@PathVariable String service) {
		if (!RouteTable.SERVICES.contains(service)) {
			throw ProblemException.notFound("service " + service);
		}
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(service);
		if (cached == null || now.isAfter(cached.until())) {
			ObjectNode document = PublicDocuments.publicPart(service, fetch(service));
			cached = new Cached(now.plusSeconds(TTL_SECONDS), JSON.writeValueAsString(document));
			this.cache.put(service, cached);
		}
		return cached.document();
	}

	private ObjectNode fetch(String service) {
		URI uri = this.services.uriOf(service).resolve("/v3/api-docs");
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200 && JSON.readTree(response.body()) instanceof ObjectNode document) {
				return document;
			}
			log.warn("{} answered {} for its OpenAPI document", uri, response.statusCode());
		}
		catch (IOException | RuntimeException ex) {
			log.warn("{} did not give its OpenAPI document: {}", uri, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new ProblemException(ProblemCode.UNAVAILABLE, service + "'s API document cannot be read now, try again later");
	}

}
