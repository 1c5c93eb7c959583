package com.promo.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;

/**
 * API.md's routes as the repository keeps them: {@code docs/openapi/api-md-routes.txt} (one
 * {@code METHOD /path} a line), less the routes {@code api-md-differences.txt} says no service
 * serves yet, each with the service that serves it (read from the committed OpenAPI documents
 * beside them, which each service's *ServiceIT keeps equal to what it serves).
 */
final class ApiMdRoutes {

	/** One route of API.md; {@code service} is the module serving it, null when none does yet. */
	record Route(String method, String path, String service) {

		static Route parse(String line, String service) {
			String[] parts = line.trim().split("\\s+", 2);
			return new Route(parts[0], parts[1], service);
		}

		String key() {
			return this.method + " " + this.path;
		}

		@Override
		public String toString() {
			return key();
		}

	}

	private final List<Route> served;

	private final List<Route> notServed;

	private ApiMdRoutes(List<Route> served, List<Route> notServed) {
		this.served = served;
		this.notServed = notServed;
	}

	static ApiMdRoutes read(Path root) {
		Path docs = root.resolve("docs/openapi");
		Set<String> missing = lines(docs.resolve("api-md-differences.txt")).stream()
			.filter(line -> line.startsWith("missing-in-code:"))
			.map(line -> line.substring("missing-in-code:".length()).split("--")[0].trim())
			.collect(Collectors.toSet());
		Map<String, String> serviceByRoute = documentedRoutes(docs);
		List<Route> served = new ArrayList<>();
		List<Route> notServed = new ArrayList<>();
		for (String line : lines(docs.resolve("api-md-routes.txt"))) {
			Route listed = Route.parse(line, null);
			if (missing.contains(listed.key())) {
				notServed.add(listed);
				continue;
			}
			String service = serviceByRoute.get(shape(listed.key()));
			if (service == null) {
				throw new IllegalStateException(listed + " is in api-md-routes.txt, not in api-md-differences.txt, and in "
						+ "no committed OpenAPI document: ApiContractTest should have said so");
			}
			served.add(Route.parse(line, service));
		}
		if (notServed.size() != missing.size()) {
			throw new IllegalStateException("api-md-differences.txt names routes api-md-routes.txt lacks: " + missing);
		}
		return new ApiMdRoutes(List.copyOf(served), List.copyOf(notServed));
	}

	/** The routes some service serves. */
	List<Route> served() {
		return this.served;
	}

	/** API.md's routes that no service serves today ("missing-in-code"). */
	List<Route> notServed() {
		return this.notServed;
	}

	/** {@code METHOD /path} (variables as {@code {}}) of every operation, to the service documenting it. */
	private static Map<String, String> documentedRoutes(Path docs) {
		Map<String, String> routes = new HashMap<>();
		for (String service : RunningPlatform.SERVICES.keySet()) {
			Path document = docs.resolve(service + ".json");
			if (!Files.exists(document)) {
				continue; // the gateway has no document of its own
			}
			Map<String, Map<String, Object>> paths = JsonPath.read(text(document), "$.paths");
			paths.forEach((path, operations) -> operations.keySet()
				.forEach(method -> routes.put(shape(method.toUpperCase(Locale.ROOT) + " " + path), service)));
		}
		return routes;
	}

	/** Path variables compare by position, not name (as api-md-routes.txt's header says). */
	private static String shape(String route) {
		return route.replaceAll("\\{[^}]*}", "{}");
	}

	private static List<String> lines(Path file) {
		return text(file).lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
	}

	private static String text(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
