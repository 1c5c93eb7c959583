package com.promo.web;

import org.springframework.http.HttpStatus;

/**
 * The stable error codes of API.md, each with its HTTP status. Clients switch on the code, never on
 * the title or detail text.
 */
public enum ProblemCode {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
	/** Refused before any controller saw it: a malformed path, header or parameter encoding. */
	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST),
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
	FORBIDDEN(HttpStatus.FORBIDDEN),
	NOT_FOUND(HttpStatus.NOT_FOUND),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
	CONFLICT(HttpStatus.CONFLICT),
	LIMIT_REACHED(HttpStatus.CONFLICT),
	SOLD_OUT(HttpStatus.GONE),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
	NOT_CLAIMABLE(HttpStatus.UNPROCESSABLE_CONTENT),
	INVALID_STATE(HttpStatus.UNPROCESSABLE_CONTENT),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
	HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
	/** A transfer coding the server does not know (RFC 9112 asks for 501, not a 400). */
	NOT_IMPLEMENTED(HttpStatus.NOT_IMPLEMENTED),
	UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

	private final HttpStatus status;

	ProblemCode(HttpStatus status) {
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

	/** The code a bare HTTP status maps to when no more specific one is known. */
	public static ProblemCode forStatus(int status) {
		return switch (status) {
			case 400 -> VALIDATION_FAILED;
			case 401 -> UNAUTHENTICATED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 409 -> CONFLICT;
			case 410 -> SOLD_OUT;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 422 -> INVALID_STATE;
			case 429 -> RATE_LIMITED;
			case 431 -> HEADERS_TOO_LARGE;
			case 501 -> NOT_IMPLEMENTED;
			case 503, 502, 504 -> UNAVAILABLE;
			default -> status >= 500 ? INTERNAL_ERROR : VALIDATION_FAILED;
		};
	}

}
