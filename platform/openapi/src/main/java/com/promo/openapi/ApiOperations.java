package com.promo.openapi;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.promo.web.ProblemCode;

/**
 * What springdoc cannot read from a service's controllers, in one table per service instead of
 * annotations on each method: the business problems of API.md each operation answers beyond the
 * shared ones ({@link ApiDocuments} derives 400, 401, 403, 404 and 503 from the operation's shape),
 * the success status when it is not 200 (a {@code ResponseEntity} hides it), and the creating POSTs
 * that take an {@code Idempotency-Key}. An entry that names no operation of the document fails the
 * document, so the table cannot silently outlive a route.
 */
public final class ApiOperations {

	private final Map<String, Set<ProblemCode>> problems;

	private final Map<String, Integer> statuses;

	private final Set<String> idempotent;

	private ApiOperations(Map<String, Set<ProblemCode>> problems, Map<String, Integer> statuses, Set<String> idempotent) {
		this.problems = problems;
		this.statuses = statuses;
		this.idempotent = idempotent;
	}

	public static ApiOperations none() {
		return new ApiOperations(Map.of(), Map.of(), Set.of());
	}

	/**
	 * @param operation {@code "METHOD /path/{variable}"} as the document spells it
	 * @param codes the problem codes the operation answers besides the shared ones
	 */
	public ApiOperations on(String operation, ProblemCode... codes) {
		Map<String, Set<ProblemCode>> next = new LinkedHashMap<>(this.problems);
		next.computeIfAbsent(check(operation), key -> EnumSet.noneOf(ProblemCode.class)).addAll(Arrays.asList(codes));
		return new ApiOperations(Map.copyOf(next), this.statuses, this.idempotent);
	}

	/** The operation succeeds with {@code status} (201, 202, 204) instead of 200. */
	public ApiOperations answers(String operation, int status) {
		Map<String, Integer> next = new LinkedHashMap<>(this.statuses);
		next.put(check(operation), status);
		return new ApiOperations(this.problems, Map.copyOf(next), this.idempotent).on(operation);
	}

	/**
	 * A POST that takes {@code Idempotency-Key} (API.md "Common rules"): the header, and 409
	 * {@code CONFLICT} for the key reused on another request.
	 */
	public ApiOperations idempotent(String operation, ProblemCode... codes) {
		Set<String> next = new HashSet<>(this.idempotent);
		next.add(check(operation));
		return new ApiOperations(this.problems, this.statuses, Set.copyOf(next)).on(operation, codes)
			.on(operation, ProblemCode.CONFLICT);
	}

	/** A POST that creates something: 201, and {@link #idempotent idempotent}. */
	public ApiOperations creates(String operation, ProblemCode... codes) {
		return answers(operation, 201).idempotent(operation, codes);
	}

	ApiOperations and(ApiOperations other) {
		ApiOperations merged = this;
		for (Map.Entry<String, Set<ProblemCode>> entry : other.problems.entrySet()) {
			merged = merged.on(entry.getKey(), entry.getValue().toArray(ProblemCode[]::new));
		}
		for (Map.Entry<String, Integer> entry : other.statuses.entrySet()) {
			merged = merged.answers(entry.getKey(), entry.getValue());
		}
		for (String operation : other.idempotent) {
			merged = merged.idempotent(operation);
		}
		return merged;
	}

	Set<String> operations() {
		return this.problems.keySet();
	}

	Set<ProblemCode> problemsOf(String operation) {
		return this.problems.getOrDefault(operation, Set.of());
	}

	Integer statusOf(String operation) {
		return this.statuses.get(operation);
	}

	boolean isIdempotent(String operation) {
		return this.idempotent.contains(operation);
	}

	private static String check(String operation) {
		if (!operation.matches("(GET|POST|PUT|PATCH|DELETE) /\\S*")) {
			throw new IllegalArgumentException("an operation is \"METHOD /path\", not \"" + operation + "\"");
		}
		return operation;
	}

}
