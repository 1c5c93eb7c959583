package com.promo.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/** Development tokens for tests, signed like `./promo token` signs them. */
public final class TestTokens {

	/** The secret tests run services with (at least 32 bytes, as API.md requires). */
	public static final String SECRET = "promo-test-secret-0123456789-abcdefghij";

	private TestTokens() {
	}

	public static String token(String subject, String... roles) {
		return sign(SECRET, subject, Instant.now().plus(Duration.ofHours(1)), roles);
	}

	public static String expired(String subject, String... roles) {
		return sign(SECRET, subject, Instant.now().minus(Duration.ofHours(1)), roles);
	}

	public static String signedWith(String secret, String subject, String... roles) {
		return sign(secret, subject, Instant.now().plus(Duration.ofHours(1)), roles);
	}

	/** A token with {@code alg: none}: services must refuse it. */
	public static String unsigned(String subject, String... roles) {
		return new PlainJWT(claims(subject, Instant.now().plus(Duration.ofHours(1)), roles)).serialize();
	}

	public static String withoutExpiry(String subject, String... roles) {
		return sign(SECRET, subject, null, roles);
	}

	public static String sign(String secret, String subject, Instant expiresAt, String... roles) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(subject, expiresAt, roles));
			jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWTClaimsSet claims(String subject, Instant expiresAt, String... roles) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
			.claim("roles", List.of(roles))
			.issueTime(new Date());
		if (expiresAt != null) {
			claims.expirationTime(Date.from(expiresAt));
		}
		return claims.build();
	}

}
