package com.promo.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.promo.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tokens as production issues them: people's tokens RS256/ES256 from an identity provider (a JWKS
 * served over HTTP here, its private keys in the test), service tokens HS256 with a service key
 * that signs the SERVICE role only, and no development secret at all.
 */
@SpringBootTest(classes = PromoSecurityTest.App.class)
@AutoConfigureMockMvc
class TokenKindsTest {

	static final String ISSUER = "https://id.example.test/realms/promo";

	static final String SERVICE_SECRET = "the-service-key-of-at-least-32-bytes!!";

	static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());

	static final ECKey EC = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());

	/** Signs like the provider, but its key is not in the JWKS. */
	static final RSAKey STRANGER = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());

	static HttpServer jwks;

	@DynamicPropertySource
	static void identityProvider(DynamicPropertyRegistry registry) throws IOException {
		jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		byte[] keys = new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);
		jwks.createContext("/jwks", exchange -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, keys.length);
			exchange.getResponseBody().write(keys);
			exchange.close();
		});
		jwks.start();
		registry.add("promo.security.jwk-set-uri", () -> "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
		registry.add("promo.security.issuer", () -> ISSUER);
		registry.add("promo.security.service-secret", () -> SERVICE_SECRET);
		registry.add("promo.security.jwt-secret", () -> "");
	}

	@AfterAll
	static void stopProvider() {
		jwks.stop(0);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	ServiceTokens serviceTokens;

	private ResultActions call(String path, String token) throws Exception {
		return this.mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
	}

	@Test
	void peoplesTokensFromTheProviderAreAcceptedWithTheirRoles() throws Exception {
		call("/api/thing", signed(RSA, JWSAlgorithm.RS256, ISSUER, "3", "CONSUMER")).andExpect(status().isOk())
			.andExpect(content().string("3"));
		call("/ops/thing", signed(EC, JWSAlgorithm.ES256, ISSUER, "1", "OPS")).andExpect(status().isOk());
		call("/ops/thing", signed(RSA, JWSAlgorithm.RS256, ISSUER, "3", "CONSUMER")).andExpect(status().isForbidden());
	}

	@Test
	void aProviderTokenWithAnotherIssuerOrKeyIsRefused() throws Exception {
		call("/api/thing", signed(RSA, JWSAlgorithm.RS256, "https://elsewhere.test", "3", "CONSUMER"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
		call("/api/thing", signed(STRANGER, JWSAlgorithm.RS256, ISSUER, "3", "CONSUMER")).andExpect(status().isUnauthorized());
	}

	@Test
	void theServiceKeySignsTheServiceRoleAndNothingElse() throws Exception {
		call("/internal/thing", this.serviceTokens.serviceToken()).andExpect(status().isOk());
		call("/internal/thing", TestTokens.signedWith(SERVICE_SECRET, "0", "SERVICE")).andExpect(status().isOk());
		call("/ops/thing", TestTokens.signedWith(SERVICE_SECRET, "1", "OPS")).andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
		call("/ops/thing", TestTokens.signedWith(SERVICE_SECRET, "1", "SERVICE", "OPS")).andExpect(status().isUnauthorized());
		call("/api/thing", TestTokens.signedWith(SERVICE_SECRET, "3", "CONSUMER")).andExpect(status().isUnauthorized());
	}

	@Test
	void withoutADevelopmentSecretNoOtherHs256TokenPasses() throws Exception {
		call("/api/thing", TestTokens.token("3", "CONSUMER")).andExpect(status().isUnauthorized());
		call("/internal/thing", TestTokens.token("0", "SERVICE")).andExpect(status().isUnauthorized());
		call("/api/thing", TestTokens.unsigned("3", "CONSUMER")).andExpect(status().isUnauthorized());
	}

	@Test
	void settingsThatCannotWorkFailAtStartUp() {
		assertThatThrownBy(() -> new PromoSecurityProperties(null, SERVICE_SECRET, null, null, null))
			.hasMessageContaining("jwk-set-uri");
		assertThatThrownBy(() -> new PromoSecurityProperties(null, SERVICE_SECRET, "http://127.0.0.1/jwks", null, null))
			.hasMessageContaining("promo.security.issuer");
		assertThatThrownBy(() -> new PromoSecurityProperties(SERVICE_SECRET, SERVICE_SECRET, null, null, null))
			.hasMessageContaining("must differ");
		assertThatThrownBy(() -> new PromoSecurityProperties(TestTokens.SECRET, "short", null, null, null))
			.hasMessageContaining("service-secret");
	}

	static String signed(com.nimbusds.jose.jwk.JWK key, JWSAlgorithm algorithm, String issuer, String subject,
			String... roles) throws JOSEException {
		JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.subject(subject)
			.claim("roles", List.of(roles))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
		jwt.sign(signer);
		return jwt.serialize();
	}

	interface KeySource<K> {

		K generate() throws JOSEException;

	}

	static <K> K generate(KeySource<K> source) {
		try {
			return source.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
