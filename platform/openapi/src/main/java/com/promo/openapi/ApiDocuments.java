package com.promo.openapi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.promo.web.ProblemCode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;

/**
 * Turns what springdoc reads from the controllers into the platform's document, in one place:
 * API paths only ({@code /api}, {@code /ops}, {@code /merchant}, {@code /internal}; not
 * {@code /ping} or {@code /error}), the bearer token (optional on the public reads), a relative
 * server (the document must not name the port it was fetched from: it is committed), and the
 * RFC 9457 problems each operation can answer: the shared ones derived from its shape (400 when it
 * takes input, 401 always since even a public read refuses a bad token, 403 unless public, 404
 * when it names a resource, 503 always: API.md "Common rules") plus the service's
 * {@link ApiOperations}.
 */
final class ApiDocuments implements OpenApiCustomizer {

	static final List<String> API_PREFIXES = List.of("/api/", "/ops/", "/merchant/", "/internal/");

	static final String BEARER = "bearer";

	static final String PROBLEM = "Problem";

	static final String FIELD_ERROR = "ProblemFieldError";

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	private static final Pattern SCHEMA_REF = Pattern.compile("#/components/schemas/([A-Za-z0-9_.\\-]+)");

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private final String title;

	private final List<String> publicGetPaths;

	private final ApiOperations operations;

	ApiDocuments(String title, List<String> publicGetPaths, ApiOperations operations) {
		this.title = title;
		this.publicGetPaths = List.copyOf(publicGetPaths);
		this.operations = operations;
	}

	@Override
	public void customise(OpenAPI api) {
		api.setInfo(new Info().title(this.title)
			.version("1")
			.description("Generated from the running service by springdoc; the contract is API.md. "
					+ "Errors are RFC 9457 problems with a stable code."));
		api.setServers(List.of(new Server().url("/")));
		Components components = api.getComponents() == null ? new Components() : api.getComponents();
		api.setComponents(components);
		components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.bearerFormat("JWT")
			.description("A JWT with sub and roles (OPS, MERCHANT, CONSUMER, SERVICE); API.md \"Auth\""));
		components.addSchemas(PROBLEM, problemSchema());
		components.addSchemas(FIELD_ERROR, fieldErrorSchema());

		Set<String> unmatched = new TreeSet<>(this.operations.operations());
		Paths kept = new Paths();
		new TreeMap<>(api.getPaths() == null ? Map.of() : api.getPaths()).forEach((path, item) -> {
			if (API_PREFIXES.stream().noneMatch(path::startsWith)) {
				return;
			}
			item.readOperationsMap().forEach((method, operation) -> {
				String key = method.name() + " " + path;
				unmatched.remove(key);
				customise(key, method, path, operation);
			});
			kept.addPathItem(path, item);
		});
		if (!unmatched.isEmpty()) {
			throw new IllegalStateException("ApiOperations names operations this service does not have: " + unmatched);
		}
		api.setPaths(kept);
		dropUnusedSchemas(api);
	}

	private void customise(String key, PathItem.HttpMethod method, String path, Operation operation) {
		boolean publicRead = method == PathItem.HttpMethod.GET
				&& this.publicGetPaths.stream().anyMatch(pattern -> PATHS.match(pattern, path));
		SecurityRequirement bearer = new SecurityRequirement().addList(BEARER);
		operation.setSecurity(publicRead ? List.of(new SecurityRequirement(), bearer) : List.of(bearer));

		Set<ProblemCode> codes = EnumSet.of(ProblemCode.UNAUTHENTICATED, ProblemCode.UNAVAILABLE);
		if (!publicRead) {
			codes.add(ProblemCode.FORBIDDEN);
		}
		if (path.contains("{")) {
			codes.add(ProblemCode.NOT_FOUND);
		}
		if (this.operations.isIdempotent(key)) {
			// a controller that reads the header itself declares it already: describe that one
			if (operation.getParameters() != null) {
				operation.getParameters().removeIf(p -> "header".equals(p.getIn()) && IDEMPOTENCY_KEY.equalsIgnoreCase(p.getName()));
			}
			operation.addParametersItem(idempotencyKey());
		}
		if (operation.getRequestBody() != null || operation.getParameters() != null && !operation.getParameters().isEmpty()) {
			codes.add(ProblemCode.VALIDATION_FAILED);
		}
		codes.addAll(this.operations.problemsOf(key));

		ApiResponses responses = new ApiResponses();
		Integer success = this.operations.statusOf(key);
		if (operation.getResponses() != null) {
			// springdoc adds the exception handlers' answers to every operation; ours replace them
			operation.getResponses().forEach((status, response) -> {
				if (success != null && status.equals("200")) {
					responses.addApiResponse(success.toString(), success(success, response));
				}
				else if (status.startsWith("2") || status.startsWith("3")) {
					responses.addApiResponse(status, json(response));
				}
			});
		}
		Map<Integer, List<ProblemCode>> byStatus = new TreeMap<>();
		codes.forEach(code -> byStatus.computeIfAbsent(code.status().value(), status -> new ArrayList<>()).add(code));
		byStatus.forEach((status, sameStatus) -> responses.addApiResponse(Integer.toString(status), problem(status, sameStatus)));
		operation.setResponses(responses);
	}

	/** The 200 springdoc guessed, as the status the operation really answers (a 204 has no body). */
	private static ApiResponse success(int status, ApiResponse guessed) {
		ApiResponse response = new ApiResponse().description(HttpStatus.valueOf(status).getReasonPhrase());
		if (status != 204 && guessed.getContent() != null) {
			response.setContent(json(new ApiResponse().content(guessed.getContent())).getContent());
		}
		return response;
	}

	/** Every answer the controllers write is JSON; springdoc says {@code *}{@code /*} unless told. */
	private static ApiResponse json(ApiResponse response) {
		Content content = response.getContent();
		if (content != null && content.containsKey("*/*") && !content.containsKey(JSON)) {
			Content renamed = new Content();
			content.forEach((type, media) -> renamed.addMediaType("*/*".equals(type) ? JSON : type, media));
			response.setContent(renamed);
		}
		return response;
	}

	private static ApiResponse problem(int status, List<ProblemCode> codes) {
		ApiResponse response = new ApiResponse()
			.description(HttpStatus.valueOf(status).getReasonPhrase() + ": "
					+ codes.stream().map(Enum::name).collect(Collectors.joining(", ")))
			.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
		if (status == 401) {
			response.addHeaderObject("WWW-Authenticate", new Header().schema(schema("string")));
		}
		if (status == 429) {
			response.addHeaderObject("Retry-After",
					new Header().description("seconds until the budget allows another request").schema(schema("integer")));
		}
		return response;
	}

	private static Parameter idempotencyKey() {
		return new HeaderParameter().name(IDEMPOTENCY_KEY)
			.required(false)
			.description("1-64 characters, scoped to the caller: a repeat of the same request answers the first "
					+ "response; the same key on another request is 409 CONFLICT")
			.schema(schema("string").minLength(1).maxLength(64));
	}

	private static Schema<Object> problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type", schema("string").format("uri").description("urn:promo:problem:<code in kebab case>"));
		properties.put("title", schema("string"));
		properties.put("status", schema("integer").format("int32"));
		properties.put("detail", schema("string"));
		properties.put("instance", schema("string"));
		properties.put("code", schema("string").description("stable, upper snake case (NOT_FOUND, SOLD_OUT, ...); "
				+ "each response names the codes it carries"));
		Schema<Object> errors = schema("array");
		errors.items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
			.description("VALIDATION_FAILED: the fields at fault");
		properties.put("errors", errors);
		properties.put("limit", schema("string").description("RATE_LIMITED: the budget that refused the request"));
		Schema<Object> problem = schema("object");
		problem.description("RFC 9457 problem details (application/problem+json) with the platform's stable code");
		problem.setProperties(properties);
		problem.setRequired(List.of("type", "title", "status", "code"));
		return problem;
	}

	private static Schema<Object> fieldErrorSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("field", schema("string"));
		properties.put("message", schema("string"));
		Schema<Object> error = schema("object");
		error.setProperties(properties);
		error.setRequired(List.of("field", "message"));
		return error;
	}

	/** A schema of one type, readable as OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}). */
	private static Schema<Object> schema(String type) {
		Schema<Object> schema = new Schema<>();
		schema.setType(type);
		schema.addType(type);
		return schema;
	}

	/** Schemas only the dropped paths or the replaced error responses used do not stay behind. */
	private static void dropUnusedSchemas(OpenAPI api) {
		Map<String, Schema> schemas = api.getComponents().getSchemas();
		if (schemas == null) {
			return;
		}
		Set<String> used = new HashSet<>(references(api.getPaths()));
		List<String> toVisit = new ArrayList<>(used);
		while (!toVisit.isEmpty()) {
			Schema<?> schema = schemas.get(toVisit.removeLast());
			for (String name : schema == null ? Set.<String>of() : references(schema)) {
				if (used.add(name)) {
					toVisit.add(name);
				}
			}
		}
		schemas.keySet().retainAll(used);
	}

	private static Set<String> references(Object part) {
		Set<String> names = new HashSet<>();
		Matcher matcher = SCHEMA_REF.matcher(Json31.pretty(part));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

}
