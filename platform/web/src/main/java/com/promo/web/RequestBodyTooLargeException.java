package com.promo.web;

import java.io.IOException;

import org.springframework.http.ProblemDetail;

/**
 * A request body went past its limit while it was being read (a body without
 * {@code Content-Length}). An {@link IOException}, because the servlet stream's readers expect
 * one; it surfaces wrapped in whatever read the body, so {@link #in(Throwable)} looks along the
 * causes.
 */
public class RequestBodyTooLargeException extends IOException {

	private final long limit;

	public RequestBodyTooLargeException(long limit) {
		super("the request body is larger than " + limit + " bytes");
		this.limit = limit;
	}

	public long limit() {
		return this.limit;
	}

	/** The exception among {@code ex} and its causes, or null. */
	public static RequestBodyTooLargeException in(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof RequestBodyTooLargeException tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

	/** The 413 problem a client gets for it. */
	public ProblemDetail problem() {
		return Problems.of(ProblemCode.PAYLOAD_TOO_LARGE,
				"the request body is larger than " + this.limit + " bytes, the limit of this route");
	}

}
