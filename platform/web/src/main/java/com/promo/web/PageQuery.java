package com.promo.web;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ?page=&size=} of a list request: page from 0, size 1-100 (API.md), default 20. Invalid
 * values are a 400 naming the parameter.
 */
public record PageQuery(int page, int size) {

	public static final int MAX_SIZE = 100;

	public static PageQuery of(Integer page, Integer size) {
		List<FieldViolation> violations = new ArrayList<>();
		int p = page == null ? 0 : page;
		int s = size == null ? 20 : size;
		if (p < 0) {
			violations.add(new FieldViolation("page", "must be 0 or more"));
		}
		if (s < 1 || s > MAX_SIZE) {
			violations.add(new FieldViolation("size", "must be between 1 and " + MAX_SIZE));
		}
		if (!violations.isEmpty()) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED, "invalid page", violations);
		}
		return new PageQuery(p, s);
	}

	public long offset() {
		return (long) this.page * this.size;
	}

}
