package com.promo.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI documents committed under {@code docs/openapi/} (the console builds its typed client
 * from them): a service's test fetches its live {@code /v3/api-docs} and compares it with the
 * committed file, which it rewrites instead when run with {@code -Dopenapi.update=true}. Both sides
 * are compared in one form (keys sorted, two-space indent, a final newline) so that the files diff
 * well and do not change with map order.
 */
public final class OpenApiSnapshots {

	/** {@code -Dopenapi.update=true} rewrites the committed documents from the running services. */
	public static final String UPDATE_PROPERTY = "openapi.update";

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private OpenApiSnapshots() {
	}

	/**
	 * Fails unless {@code baseUrl/v3/api-docs} equals {@code docs/openapi/<name>.json}; rewrites the
	 * file when {@value #UPDATE_PROPERTY} is true.
	 * @param module the service's Maven module, also the document's name
	 * @param test the integration test that calls this, for the command in the failure message
	 */
	public static void assertCommitted(String baseUrl, String module, Class<?> test) {
		String regenerate = "./mvnw -B -pl " + module + " -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="
				+ test.getSimpleName() + " -Dfailsafe.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true"
				+ "\n  (every service at once: README \"OpenAPI\")";
		var response = HealthProbe.get(baseUrl + "/v3/api-docs");
		assertThat(response.statusCode()).as("GET /v3/api-docs: %s", response.body()).isEqualTo(200);
		String live = normalize(response.body());
		Path file = directory().resolve(module + ".json");
		try {
			if (Boolean.getBoolean(UPDATE_PROPERTY)) {
				Files.createDirectories(file.getParent());
				Files.writeString(file, live, StandardCharsets.UTF_8);
				return;
			}
			if (!Files.exists(file)) {
				fail("%s is missing; create it with: %s", file, regenerate);
			}
			String committed = Files.readString(file, StandardCharsets.UTF_8);
			if (!committed.equals(live)) {
				fail("""
						%s differs from the document the service serves now (first difference below).
						If the API change is intended, regenerate the committed document and commit it:
						  %s
						%s""", file, regenerate, firstDifference(committed, live));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(file + ": " + ex.getMessage(), ex);
		}
	}

	/** Sorted keys, two-space indent, one final newline. */
	public static String normalize(String json) {
		return JSON.writeValueAsString(JSON.readValue(json, Object.class)) + "\n";
	}

	/** {@code docs/openapi} of the repository this build runs in (found from the working directory up). */
	public static Path directory() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
		}
		return dir.resolve("docs").resolve("openapi");
	}

	private static String firstDifference(String committed, String live) {
		List<String> was = committed.lines().toList();
		List<String> now = live.lines().toList();
		int line = 0;
		while (line < was.size() && line < now.size() && was.get(line).equals(now.get(line))) {
			line++;
		}
		StringBuilder out = new StringBuilder("at line " + (line + 1) + ":\n");
		for (int i = Math.max(0, line - 3); i < Math.min(was.size(), line + 4); i++) {
			out.append(i < line ? "   " : " - ").append(was.get(i)).append('\n');
		}
		for (int i = line; i < Math.min(now.size(), line + 4); i++) {
			out.append(" + ").append(now.get(i)).append('\n');
		}
		return out.toString();
	}

}
