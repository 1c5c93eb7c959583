package com.promo.security;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens another decoder has verified, so a client that sends the same token on every
 * request pays the signature check and the claim validators once (the profile of the claim path
 * had a sixth of its CPU in Nimbus and Spring Security's JWT handling). It wraps any verifier
 * (HS256, JWKS-verified RS256/ES256 ...): the key is the whole token string, signature included,
 * so a token that differs in one byte is a different key and goes to the verifier.
 * <ul>
 * <li>Only successes are kept: a failure is thrown by the verifier and never cached, so a bad
 * token costs a full verification every time, as before.</li>
 * <li>An entry lives no longer than the token's own {@code exp} (and {@code maxAge}), per entry;
 * a token without {@code exp} is never cached (nothing bounds it).</li>
 * <li>A hit is checked against the clock again: once {@code exp} has passed, the cached entry is
 * dropped and the verifier decides, with its own rules (clock skew included). A token whose
 * {@code nbf} lies ahead is refused by the verifier, so it never gets in.</li>
 * <li>Bounded by {@code maxSize} entries (Caffeine evicts the least useful ones).</li>
 * </ul>
 * What a cache cannot see: a verification key withdrawn from a JWKS keeps accepting the tokens
 * it signed until they leave the cache, at most {@code maxAge} later.
 */
public final class CachingJwtDecoder implements JwtDecoder {

	private final JwtDecoder verifier;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	public CachingJwtDecoder(JwtDecoder verifier, long maxSize, Duration maxAge, Clock clock) {
		this(verifier, maxSize, maxAge, clock, Ticker.systemTicker());
	}

	/** With the ticker Caffeine measures entry lifetimes by (tests pass one that follows their clock). */
	CachingJwtDecoder(JwtDecoder verifier, long maxSize, Duration maxAge, Clock clock, Ticker ticker) {
		if (maxSize <= 0) {
			throw new IllegalArgumentException("maxSize must be positive, not " + maxSize);
		}
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("maxAge must be positive, not " + maxAge);
		}
		this.verifier = verifier;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maxSize)
			.expireAfter(untilExpiry(clock, maxAge))
			.ticker(ticker)
			.executor(Runnable::run) // evictions on the calling thread: no work for the common pool
			.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt cached = this.verified.getIfPresent(token);
		if (cached != null) {
			if (this.clock.instant().isBefore(cached.getExpiresAt())) {
				return cached;
			}
			this.verified.invalidate(token);
		}
		Jwt jwt = this.verifier.decode(token); // throws for a bad token: nothing is cached
		if (jwt.getExpiresAt() != null && this.clock.instant().isBefore(jwt.getExpiresAt())) {
			this.verified.put(token, jwt);
		}
		return jwt;
	}

	/** Entries in the cache now (tests and metrics). */
	long size() {
		this.verified.cleanUp();
		return this.verified.estimatedSize();
	}

	/** Each entry expires at its token's {@code exp}, or after {@code maxAge} if that comes first. */
	private static Expiry<String, Jwt> untilExpiry(Clock clock, Duration maxAge) {
		return new Expiry<>() {

			@Override
			public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
				Duration left = Duration.between(clock.instant(), jwt.getExpiresAt());
				return left.isNegative() ? 0 : (left.compareTo(maxAge) < 0 ? left : maxAge).toNanos();
			}

			@Override
			public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
				return expireAfterCreate(token, jwt, currentTime);
			}

			@Override
			public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
				return currentDuration; // reading never extends a token's life
			}

		};
	}

}
