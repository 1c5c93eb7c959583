package com.promo.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem details the same way everywhere: {@code type} derived from the code,
 * the HTTP status's reason as {@code title}, plus {@code code} and (for validation) {@code errors}.
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	public static ProblemDetail of(ProblemCode code, String detail) {
		return of(code, detail, List.of());
	}

	public static ProblemDetail of(ProblemCode code, String detail, List<FieldViolation> violations) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
		problem.setType(typeOf(code));
		problem.setTitle(code.status().getReasonPhrase());
		problem.setProperty("code", code.name());
		if (!violations.isEmpty()) {
			problem.setProperty("errors", violations);
		}
		return problem;
	}

	/**
	 * A refusal with the status the server (Tomcat, the firewall, the error page) chose, which may be
	 * one no {@link ProblemCode} is declared with (411, 414, 505...): the status stays, the code is the
	 * nearest one. A 400 decided before any controller ran is {@code MALFORMED_REQUEST}.
	 */
	public static ProblemDetail refusal(int status, String detail) {
		ProblemCode code = ProblemCode.forStatus(status);
		if (code == ProblemCode.VALIDATION_FAILED) {
			code = ProblemCode.MALFORMED_REQUEST;
		}
		ProblemDetail problem = of(code, detail);
		if (code.status().value() != status) {
			HttpStatus resolved = HttpStatus.resolve(status);
			problem.setStatus(status);
			problem.setTitle(resolved == null ? code.status().getReasonPhrase() : resolved.getReasonPhrase());
		}
		return problem;
	}

	public static URI typeOf(ProblemCode code) {
		return URI.create("urn:promo:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	/**
	 * Writes a problem straight to a servlet response, for code that runs outside Spring MVC
	 * (security entry points, servlet filters, the gateway).
	 */
	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		if (problem.getStatus() == 401) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		JSON.writeValue(response.getOutputStream(), asMap(problem));
	}

	/** The problem as its JSON members, with the extension properties at the top level. */
	public static Map<String, Object> asMap(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", String.valueOf(problem.getType()));
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return body;
	}

}
