package com.promo.security;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security settings of a service.
 *
 * @param jwtSecret the HS256 secret shared with the token issuer, as raw UTF-8 bytes, at least 32
 * bytes ({@code PROMO_JWT_SECRET}; the {@code local} profile has a development default)
 * @param publicGetPaths path patterns under {@code /api/**} that anyone may read (an invalid token
 * is still refused with 401)
 */
@ConfigurationProperties("promo.security")
public record PromoSecurityProperties(String jwtSecret, List<String> publicGetPaths) {

	static final int MIN_SECRET_BYTES = 32;

	public PromoSecurityProperties {
		if (jwtSecret == null || jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("promo.security.jwt-secret (PROMO_JWT_SECRET) must be at least "
					+ MIN_SECRET_BYTES + " bytes; run with the 'local' profile for the development secret");
		}
		publicGetPaths = publicGetPaths == null ? List.of() : List.copyOf(publicGetPaths);
	}

}
