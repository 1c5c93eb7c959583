package com.promo.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Spring Security's {@link DefaultBearerTokenResolver} with a fast path for the common request: a
 * well-formed {@code Authorization: Bearer <token>} and no {@code access_token} parameter is
 * answered by a loop over the token's characters instead of the default's case-insensitive regex
 * (about 3 % of a claim request's CPU in a profile). Everything else (no header, a malformed
 * token, a token also in the query or a form body) goes to the default, so the answers and errors
 * stay exactly Spring Security's.
 */
final class HeaderBearerTokenResolver implements BearerTokenResolver {

	private static final String PREFIX = "Bearer ";

	private final BearerTokenResolver fallback = new DefaultBearerTokenResolver();

	@Override
	public String resolve(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && !mayCarryParameterToken(request)) {
			String token = wellFormedToken(header);
			if (token != null) {
				return token;
			}
		}
		return this.fallback.resolve(request);
	}

	private static boolean mayCarryParameterToken(HttpServletRequest request) {
		String query = request.getQueryString();
		String contentType = request.getContentType();
		return (query != null && query.contains("access_token"))
				|| (contentType != null && contentType.regionMatches(true, 0,
						MediaType.APPLICATION_FORM_URLENCODED_VALUE, 0, MediaType.APPLICATION_FORM_URLENCODED_VALUE.length()));
	}

	/**
	 * The token of {@code Bearer <token>} (the prefix in any case) when it matches the default's
	 * {@code [a-zA-Z0-9-._~+/]+=*}, else null.
	 */
	static String wellFormedToken(String header) {
		if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		int i = PREFIX.length();
		int end = header.length();
		int start = i;
		while (i < end && isTokenChar(header.charAt(i))) {
			i++;
		}
		if (i == start) {
			return null;
		}
		while (i < end && header.charAt(i) == '=') {
			i++;
		}
		return (i == end) ? header.substring(start) : null;
	}

	private static boolean isTokenChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
