package com.promo.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache of verified tokens in front of the service's {@code JwtDecoder} (see
 * {@link CachingJwtDecoder}).
 *
 * @param maxSize the most tokens kept (each holds the token string and its parsed claims, an estimated 1-2 KB); 0 turns
 * the cache off and every request verifies its token
 * @param maxAge the longest an entry lives, whatever its token's {@code exp} says: it bounds how
 * long a token stays accepted after the key that signed it is withdrawn
 */
@ConfigurationProperties("promo.security.token-cache")
public record TokenCacheProperties(@DefaultValue("20000") long maxSize, @DefaultValue("10m") Duration maxAge) {

	public TokenCacheProperties {
		if (maxSize < 0) {
			throw new IllegalArgumentException("promo.security.token-cache.max-size must be 0 (off) or more, not " + maxSize);
		}
		if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("promo.security.token-cache.max-age must be positive, not " + maxAge);
		}
	}

	public boolean enabled() {
		return this.maxSize > 0;
	}

}
