package com.promo.security;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security settings of a service: which tokens it accepts (API.md "Auth"; {@link JwtDecoders}).
 *
 * @param jwtSecret HS256 secret for tokens of any role, as raw UTF-8 bytes, at least 32 bytes
 * ({@code PROMO_JWT_SECRET}): development and tests (the {@code local} profile has a default);
 * leave it unset in production
 * @param serviceSecret HS256 key of the service tokens (SERVICE role only, nothing else is
 * accepted under it), at least 32 bytes, unlike {@code jwtSecret} ({@code PROMO_SERVICE_JWT_SECRET});
 * the service tokens this service sends are signed with it, else with {@code jwtSecret}
 * @param jwkSetUri the identity provider's JWKS for people's RS256/ES256 tokens
 * ({@code PROMO_JWT_JWK_SET_URI})
 * @param issuer the {@code iss} those tokens must carry ({@code PROMO_JWT_ISSUER}), required with
 * {@code jwkSetUri}
 * @param publicGetPaths path patterns under {@code /api/**} that anyone may read (an invalid token
 * is still refused with 401)
 */
@ConfigurationProperties("promo.security")
public record PromoSecurityProperties(String jwtSecret, String serviceSecret, String jwkSetUri, String issuer,
		List<String> publicGetPaths) {

	static final int MIN_SECRET_BYTES = 32;

	public PromoSecurityProperties {
		jwtSecret = blankToNull(jwtSecret);
		serviceSecret = blankToNull(serviceSecret);
		jwkSetUri = blankToNull(jwkSetUri);
		issuer = blankToNull(issuer);
		requireLongEnough("promo.security.jwt-secret (PROMO_JWT_SECRET)", jwtSecret);
		requireLongEnough("promo.security.service-secret (PROMO_SERVICE_JWT_SECRET)", serviceSecret);
		if (jwtSecret == null && (jwkSetUri == null || serviceSecret == null)) {
			throw new IllegalArgumentException("promo.security.jwt-secret (PROMO_JWT_SECRET) is not set: set it (at least "
					+ MIN_SECRET_BYTES + " bytes; the 'local' profile has the development secret), or set both "
					+ "promo.security.jwk-set-uri for people's tokens and promo.security.service-secret for service tokens");
		}
		if (jwkSetUri != null && issuer == null) {
			throw new IllegalArgumentException("promo.security.issuer (PROMO_JWT_ISSUER) is required with promo.security.jwk-set-uri");
		}
		if (serviceSecret != null && serviceSecret.equals(jwtSecret)) {
			throw new IllegalArgumentException(
					"promo.security.service-secret must differ from promo.security.jwt-secret: the service key must not sign people's tokens");
		}
		publicGetPaths = publicGetPaths == null ? List.of() : List.copyOf(publicGetPaths);
	}

	/** The key of the service tokens this service sends. */
	String serviceSigningSecret() {
		return this.serviceSecret != null ? this.serviceSecret : this.jwtSecret;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	private static void requireLongEnough(String name, String secret) {
		if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_BYTES
					+ " bytes; run with the 'local' profile for the development secret");
		}
	}

}
