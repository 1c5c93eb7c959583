package com.promo.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The six applications and the environment variables their configuration reads: the
 * {@code ${NAME:default}} placeholders of their application.yml and of the platform's shared
 * promo-service-defaults.yml (every service starts from it).
 */
final class Applications {

	static final List<String> NAMES = List.of("activity-service", "coupon-service", "claim-service",
			"crowd-sync-service", "discount-pricing-service", "gateway");

	/** The applications that scale on CPU (the issue: the gateway and the two hot paths). */
	static final Set<String> AUTOSCALED = Set.of("gateway", "claim-service", "discount-pricing-service");

	/** Variables Spring Boot or the JVM read themselves, which no placeholder names. */
	static final Set<String> PLATFORM_VARIABLES = Set.of("SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	private static final Path DEFAULTS = Path.of("platform/runtime/src/main/resources/promo-service-defaults.yml");

	private Applications() {
	}

	/** Each variable the application reads, with the default its configuration falls back to ("" if none). */
	static Map<String, String> variables(String application) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (Path file : List.of(DEFAULTS, Path.of(application, "src/main/resources/application.yml"))) {
			Matcher matcher = PLACEHOLDER.matcher(Repository.read(file.toString()));
			while (matcher.find()) {
				variables.put(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
			}
		}
		return variables;
	}

	/**
	 * The variables through which the application reaches another server: those whose default points
	 * at this machine (127.0.0.1 or localhost), which inside a container or a pod is the container itself.
	 */
	static Set<String> connectionVariables(String application) {
		Map<String, String> variables = variables(application);
		variables.values().removeIf(fallback -> !pointsAtLoopback(fallback));
		return variables.keySet();
	}

	static boolean pointsAtLoopback(String value) {
		return value.contains("127.0.0.1") || value.contains("localhost");
	}

}
