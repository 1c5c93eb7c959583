package com.promo.security;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderBearerTokenResolverTest {

	private final HeaderBearerTokenResolver fast = new HeaderBearerTokenResolver();

	private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

	@Test
	void answersEveryHeaderExactlyAsSpringSecurityDoes() {
		List<String> headers = List.of("Bearer abc.def-ghi_jkl~mno+pqr/stu", "bearer abc", "BEARER abc==", "Bearer abc=",
				"Bearer a=b", "Bearer ", "Bearer", "Bearer  abc", "Bearer abc ", "Bearer ab c", "Bearer abc\u00e9",
				"Basic dXNlcjpwYXNz", "Bearerabc", "Token abc", "", "Bearer ==", "Bearer a\tb", "bEaReR x.y.z");
		for (String header : headers) {
			assertThat(outcome(() -> this.fast.resolve(request(header, null, null))))
				.as("header [%s]", header)
				.isEqualTo(outcome(() -> this.spring.resolve(request(header, null, null))));
		}
	}

	@Test
	void leavesParameterTokensToSpringSecurity() {
		// a token in the query or a form body as well as in the header: whatever Spring decides
		assertThat(outcome(() -> this.fast.resolve(request("Bearer abc", "access_token=xyz", null))))
			.isEqualTo(outcome(() -> this.spring.resolve(request("Bearer abc", "access_token=xyz", null))));
		assertThat(outcome(() -> this.fast.resolve(request("Bearer abc", null, "xyz"))))
			.isEqualTo(outcome(() -> this.spring.resolve(request("Bearer abc", null, "xyz"))));
		assertThat(outcome(() -> this.fast.resolve(request(null, null, null)))).isEqualTo("token null");
	}

	@Test
	void wellFormedTokensOnly() {
		assertThat(HeaderBearerTokenResolver.wellFormedToken("Bearer eyJ.eyJ.sig")).isEqualTo("eyJ.eyJ.sig");
		assertThat(HeaderBearerTokenResolver.wellFormedToken("bearer abc==")).isEqualTo("abc==");
		assertThat(HeaderBearerTokenResolver.wellFormedToken("Bearer abc=d")).isNull();
		assertThat(HeaderBearerTokenResolver.wellFormedToken("Bearer =")).isNull();
	}

	private static MockHttpServletRequest request(String authorization, String query, String formToken) {
		MockHttpServletRequest request = new MockHttpServletRequest(formToken == null ? "GET" : "POST", "/api/x");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		if (query != null) {
			request.setQueryString(query);
			String[] pair = query.split("=", 2);
			request.addParameter(pair[0], pair[1]);
		}
		if (formToken != null) {
			request.setContentType("application/x-www-form-urlencoded");
			request.addParameter("access_token", formToken);
		}
		return request;
	}

	private static String outcome(Supplier<String> resolve) {
		try {
			return "token " + resolve.get();
		}
		catch (OAuth2AuthenticationException ex) {
			return "error " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
		}
	}

}
