package com.promo.gateway.openapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.promo.gateway.RouteTable;
import com.promo.testsupport.OpenApiSnapshots;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md, the committed OpenAPI documents (docs/openapi, kept current by each service's
 * {@code *ServiceIT}) and the gateway's routes cannot drift apart: every route of API.md is in some
 * service's document and the gateway sends it to that service; every public route a document has
 * is in API.md; the gateway's public documents keep all of those and nothing under /internal.
 * The differences known today are listed in docs/openapi/api-md-differences.txt, and that list
 * must be exact: a fixed one is removed from it. Plain JUnit over the committed files.
 */
class ApiContractTest {

	/** The documents' names and the gateway's names of the same services. */
	static final Map<String, String> SERVICES = Map.of("activity-service", "activity", "coupon-service", "coupon",
			"claim-service", "claim", "crowd-sync-service", "crowd-sync", "discount-pricing-service", "pricing");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String HOW = " (docs/openapi/api-md-routes.txt is API.md's route list; fix the code or API.md, "
			+ "or list the difference in docs/openapi/api-md-differences.txt and report it)";

	@Test
	void everyRouteOfApiMdIsServedAndEveryPublicServedRouteIsInApiMd() throws IOException {
		Map<String, String> apiMd = routes("api-md-routes.txt");
		Map<String, String> documented = documentedRoutes();
		Map<String, String> missingInCode = differences("missing-in-code");
		Map<String, String> missingInApiMd = differences("missing-in-api-md");

		Set<String> notServed = new TreeSet<>(apiMd.keySet());
		notServed.removeAll(documented.keySet());
		Set<String> notInApiMd = new TreeSet<>();
		documented.forEach((route, owner) -> {
			if (!route.contains(" /internal/") && !apiMd.containsKey(route)) {
				notInApiMd.add(route);
			}
		});

		assertThat(spelled(notServed, apiMd)).as("API.md routes no service's document has" + HOW)
			.containsExactlyInAnyOrderElementsOf(missingInCode.values());
		assertThat(spelled(notInApiMd, documented)).as("documented public routes API.md does not list" + HOW)
			.containsExactlyInAnyOrderElementsOf(missingInApiMd.values());
	}

	@Test
	void theGatewaySendsEveryPublicRouteToTheServiceThatServesItAndNeverAnInternalOne() throws IOException {
		for (Map.Entry<String, String> service : SERVICES.entrySet()) {
			for (String route : pathsOf(document(service.getKey()))) {
				String path = route.substring(route.indexOf(' ') + 1);
				if (path.startsWith("/internal/")) {
					assertThat(RouteTable.serviceOf(path)).as(route).isEmpty();
				}
				else {
					assertThat(RouteTable.serviceOf(path)).as("the gateway's service for %s of %s", route, service.getKey())
						.contains(service.getValue());
				}
			}
		}
	}

	@Test
	void theGatewaysDocumentsKeepEveryPublicRouteAndNoInternalOne() throws IOException {
		for (Map.Entry<String, String> service : SERVICES.entrySet()) {
			ObjectNode document = document(service.getKey());
			List<String> expected = pathsOf(document).stream()
				.filter(route -> !route.contains(" /internal/"))
				.toList();

			ObjectNode shown = PublicDocuments.publicPart(service.getValue(), document.deepCopy());

			assertThat(pathsOf(shown)).as(service.getKey()).containsExactlyInAnyOrderElementsOf(expected);
			assertThat(JSON.writeValueAsString(shown)).as(service.getKey()).doesNotContain("/internal");
			shown.path("paths").forEach(item -> item.forEach(operation -> {
				for (JsonNode ref : operation.findValues("$ref")) {
					String name = ref.asString().substring("#/components/schemas/".length());
					assertThat(shown.path("components").path("schemas").has(name)).as("schema %s", name).isTrue();
				}
			}));
		}
	}

	/** "METHOD /path" of every operation, path variables written as {} so that names do not matter. */
	static List<String> pathsOf(JsonNode document) {
		List<String> routes = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			for (String method : path.getValue().propertyNames()) {
				if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
					routes.add(method.toUpperCase() + " " + path.getKey());
				}
			}
		}
		return routes;
	}

	static Map<String, String> documentedRoutes() throws IOException {
		Map<String, String> routes = new TreeMap<>();
		for (String service : SERVICES.keySet()) {
			for (String route : pathsOf(document(service))) {
				routes.put(key(route), route);
			}
		}
		return routes;
	}

	static ObjectNode document(String service) throws IOException {
		Path file = OpenApiSnapshots.directory().resolve(service + ".json");
		return (ObjectNode) JSON.readTree(Files.readString(file));
	}

	/** The non-comment lines of a file beside the documents, keyed by their normalized route. */
	static Map<String, String> routes(String file) throws IOException {
		Map<String, String> routes = new TreeMap<>();
		for (String line : Files.readAllLines(OpenApiSnapshots.directory().resolve(file))) {
			String route = line.strip();
			if (!route.isEmpty() && !route.startsWith("#")) {
				routes.put(key(route), route);
			}
		}
		return routes;
	}

	/** The lines "kind: METHOD /path  -- why" of api-md-differences.txt of one kind. */
	static Map<String, String> differences(String kind) throws IOException {
		Map<String, String> routes = new TreeMap<>();
		routes("api-md-differences.txt").values().forEach(line -> {
			if (line.startsWith(kind + ":")) {
				String route = line.substring(kind.length() + 1).replaceFirst("\\s+--.*$", "").strip();
				routes.put(key(route), route);
			}
		});
		return routes;
	}

	static List<String> spelled(Set<String> keys, Map<String, String> spelling) {
		return keys.stream().map(spelling::get).toList();
	}

	static String key(String route) {
		return route.replaceAll("\\{[^}]*}", "{}");
	}

}
