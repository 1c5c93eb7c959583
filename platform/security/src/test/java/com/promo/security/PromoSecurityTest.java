package com.promo.security;

import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(classes = PromoSecurityTest.App.class,
		properties = { "promo.security.jwt-secret=" + TestTokens.SECRET, "promo.security.public-get-paths=/api/public/**" })
@AutoConfigureMockMvc
class PromoSecurityTest {

	@SpringBootApplication
	static class App {

		@RestController
		static class Endpoints {

			@GetMapping({ "/ops/thing", "/merchant/thing", "/api/thing", "/internal/thing", "/api/public/thing" })
			String whoAmI() {
				String id = CurrentPrincipal.idOrNull();
				return id == null ? "anonymous" : id;
			}

		}

	}

	@Autowired
	MockMvc mvc;

	private ResultActions call(String path, String token) throws Exception {
		return token == null ? this.mvc.perform(get(path))
				: this.mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
	}

	@Test
	void eachPrefixNeedsItsRole() throws Exception {
		call("/ops/thing", TestTokens.token("1", "OPS")).andExpect(status().isOk()).andExpect(content().string("1"));
		call("/merchant/thing", TestTokens.token("2", "MERCHANT")).andExpect(status().isOk());
		call("/api/thing", TestTokens.token("3", "CONSUMER")).andExpect(status().isOk()).andExpect(content().string("3"));
		call("/internal/thing", TestTokens.token("4", "SERVICE")).andExpect(status().isOk());
	}

	@Test
	void wrongRoleIsForbiddenWithAProblem() throws Exception {
		call("/ops/thing", TestTokens.token("3", "CONSUMER")).andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("FORBIDDEN"));
		call("/internal/thing", TestTokens.token("1", "OPS", "MERCHANT")).andExpect(status().isForbidden());
	}

	@Test
	void missingOrBrokenTokensAreUnauthenticated() throws Exception {
		call("/api/thing", null).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
		call("/api/thing", "not-a-jwt").andExpect(status().isUnauthorized());
		call("/api/thing", TestTokens.expired("3", "CONSUMER")).andExpect(status().isUnauthorized());
		call("/api/thing", TestTokens.signedWith("another-secret-of-at-least-32-bytes!!", "3", "CONSUMER"))
			.andExpect(status().isUnauthorized());
		call("/api/thing", TestTokens.unsigned("3", "CONSUMER")).andExpect(status().isUnauthorized());
		call("/api/thing", TestTokens.withoutExpiry("3", "CONSUMER")).andExpect(status().isUnauthorized());
		call("/api/thing", TestTokens.token("alice", "CONSUMER")).andExpect(status().isUnauthorized());
	}

	@Test
	void publicReadsAnswerAnyoneButStillRefuseInvalidTokens() throws Exception {
		call("/api/public/thing", null).andExpect(status().isOk()).andExpect(content().string("anonymous"));
		call("/api/public/thing", TestTokens.token("7", "CONSUMER")).andExpect(content().string("7"));
		call("/api/public/thing", TestTokens.expired("7", "CONSUMER")).andExpect(status().isUnauthorized());
	}

	@Test
	void theServicesDecoderIsWrappedInTheTokenCacheAndItsRulesStillHold(@Autowired JwtDecoder decoder) throws Exception {
		org.assertj.core.api.Assertions.assertThat(decoder).isInstanceOf(CachingJwtDecoder.class);
		String token = TestTokens.token("8", "CONSUMER");
		for (int i = 0; i < 3; i++) {
			call("/api/thing", token).andExpect(status().isOk()).andExpect(content().string("8"));
			call("/ops/thing", token).andExpect(status().isForbidden());
		}
		call("/api/thing", TestTokens.withoutExpiry("8", "CONSUMER")).andExpect(status().isUnauthorized());
	}

	@Test
	void healthIsOpen() throws Exception {
		call("/actuator/health", null).andExpect(status().is(org.hamcrest.Matchers.not(401)));
	}

	@Test
	void aShortSecretIsRefusedAtStartUp() {
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> new PromoSecurityProperties("too-short", null, null, null, null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("32 bytes");
	}

}
