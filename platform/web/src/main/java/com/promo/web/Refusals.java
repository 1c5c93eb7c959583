package com.promo.web;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Failures that look like the server's but are the request's: each becomes the 4xx it deserves
 * instead of a 500. Shared by the exception handler (inside Spring MVC), the error controller
 * (a filter's failure) and the gateway's proxy (a query it cannot pass on).
 */
public final class Refusals {

	private Refusals() {
	}

	/**
	 * The problem for {@code ex} when the request caused it, else null ({@code request} may be null:
	 * the gateway's proxy, which has no servlet request at hand).
	 */
	public static ProblemDetail of(Throwable ex, HttpServletRequest request) {
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(ex);
		if (tooLarge != null) {
			return tooLarge.problem();
		}
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof InvalidParameterException invalid) {
				// Tomcat could not read the query or form parameters: 400 for one it cannot decode (%zz, bytes
				// that are not UTF-8), 413 for more than server.tomcat.max-parameter-count
				int status = (invalid.getErrorCode() >= 400 && invalid.getErrorCode() < 500) ? invalid.getErrorCode() : 400;
				return Problems.refusal(status, status == 400 ? "a query or form parameter is not properly %-encoded"
						: "the query or form has too many parameters");
			}
		}
		if (ex instanceof IllegalArgumentException && request != null && wildcardContentType(request)) {
			// Spring refuses to read a body typed "*/*" or "application/*" with an IllegalArgumentException
			return Problems.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type must name the body's type, not a wildcard: " + request.getContentType());
		}
		return null;
	}

	private static boolean wildcardContentType(HttpServletRequest request) {
		String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return type.isWildcardType() || type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
