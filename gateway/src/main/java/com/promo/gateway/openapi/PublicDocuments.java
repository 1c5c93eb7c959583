package com.promo.gateway.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.promo.gateway.RouteTable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's OpenAPI document as the gateway's clients see it: only the paths the gateway routes
 * to that service ({@link RouteTable}; {@code /internal/**} is never routed, so it never shows),
 * the gateway's own refusal on {@code /api/**} (429 {@code RATE_LIMITED}, the edge's budgets), and
 * no schema that only the dropped paths used.
 */
final class PublicDocuments {

	private static final String SCHEMAS = "#/components/schemas/";

	private PublicDocuments() {
	}

	static ObjectNode publicPart(String service, ObjectNode document) {
		ObjectNode kept = document.objectNode();
		JsonNode paths = document.path("paths");
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			if (!path.getKey().startsWith("/internal")
					&& RouteTable.serviceOf(path.getKey()).filter(service::equals).isPresent()) {
				if (path.getKey().startsWith("/api/")) {
					path.getValue().forEach(PublicDocuments::rateLimited);
				}
				kept.set(path.getKey(), path.getValue());
			}
		}
		document.set("paths", kept);
		document.putArray("servers").addObject().put("url", "/").put("description", "the gateway");
		if (document.path("info") instanceof ObjectNode info) {
			info.put("title", info.path("title").asString(service) + " (public routes, through the gateway)");
		}
		dropUnusedSchemas(document);
		return document;
	}

	/** Writes per user and anonymous reads per address are budgeted at the edge (README "Gateway"). */
	private static void rateLimited(JsonNode operation) {
		if (!(operation instanceof ObjectNode op) || !(op.path("responses") instanceof ObjectNode responses)
				|| responses.has("429")) {
			return;
		}
		ObjectNode response = responses.putObject("429");
		response.put("description", "Too Many Requests: RATE_LIMITED (the gateway's rate limits)");
		response.putObject("headers")
			.putObject("Retry-After")
			.put("description", "seconds until the budget allows another request")
			.putObject("schema")
			.put("type", "integer");
		response.putObject("content")
			.putObject("application/problem+json")
			.putObject("schema")
			.put("$ref", SCHEMAS + "Problem");
	}

	private static void dropUnusedSchemas(ObjectNode document) {
		if (!(document.path("components").path("schemas") instanceof ObjectNode schemas)) {
			return;
		}
		Set<String> used = new HashSet<>();
		references(document.path("paths"), used);
		List<String> toVisit = new ArrayList<>(used);
		while (!toVisit.isEmpty()) {
			Set<String> found = new HashSet<>();
			references(schemas.path(toVisit.removeLast()), found);
			for (String name : found) {
				if (used.add(name)) {
					toVisit.add(name);
				}
			}
		}
		List<String> unused = new ArrayList<>();
		schemas.propertyNames().forEach(name -> {
			if (!used.contains(name)) {
				unused.add(name);
			}
		});
		schemas.remove(unused);
	}

	private static void references(JsonNode node, Set<String> names) {
		if (node.isObject()) {
			JsonNode ref = node.get("$ref");
			if (ref != null && ref.isString() && ref.asString().startsWith(SCHEMAS)) {
				names.add(ref.asString().substring(SCHEMAS.length()));
			}
		}
		if (node.isContainer()) {
			node.forEach(child -> references(child, names));
		}
	}

}
