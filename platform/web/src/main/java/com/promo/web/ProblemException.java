package com.promo.web;

import java.util.List;

/**
 * A business or input failure that becomes a problem response with a stable {@link ProblemCode}.
 * Domain exceptions extend it (or services throw it directly) instead of building responses.
 */
public class ProblemException extends RuntimeException {

	private final ProblemCode code;

	private final List<FieldViolation> violations;

	public ProblemException(ProblemCode code, String detail) {
		this(code, detail, List.of());
	}

	public ProblemException(ProblemCode code, String detail, List<FieldViolation> violations) {
		super(detail);
		this.code = code;
		this.violations = List.copyOf(violations);
	}

	public static ProblemException invalidField(String field, String message) {
		return new ProblemException(ProblemCode.VALIDATION_FAILED, field + ": " + message,
				List.of(new FieldViolation(field, message)));
	}

	public static ProblemException notFound(String what) {
		return new ProblemException(ProblemCode.NOT_FOUND, what + " not found");
	}

	public ProblemCode code() {
		return this.code;
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

}
