package com.promo.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Ticker;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The cache of verified tokens, over a real HS256 verifier whose clock the test moves. */
class CachingJwtDecoderTest {

	/** A clock the test moves; Caffeine's ticker follows it, so entry lifetimes move with it. */
	static final class MovableClock extends Clock {

		private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		long nanos() {
			return this.now.getEpochSecond() * 1_000_000_000L + this.now.getNano();
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

	/** Counts the verifications that reach it (successful or not). */
	static final class CountingVerifier implements JwtDecoder {

		final AtomicInteger calls = new AtomicInteger();

		private final JwtDecoder verifier;

		CountingVerifier(Clock clock) {
			NimbusJwtDecoder nimbus = NimbusJwtDecoder
				.withSecretKey(new SecretKeySpec(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
			JwtTimestampValidator time = new JwtTimestampValidator(Duration.ZERO);
			time.setClock(clock);
			nimbus.setJwtValidator(time);
			this.verifier = nimbus;
		}

		@Override
		public Jwt decode(String token) {
			this.calls.incrementAndGet();
			return this.verifier.decode(token);
		}

	}

	final MovableClock clock = new MovableClock();

	final CountingVerifier verifier = new CountingVerifier(this.clock);

	CachingJwtDecoder cache(long maxSize, Duration maxAge) {
		Ticker ticker = this.clock::nanos;
		return new CachingJwtDecoder(this.verifier, maxSize, maxAge, this.clock, ticker);
	}

	String token(String subject, Duration lifetime) {
		return TestTokens.sign(TestTokens.SECRET, subject, this.clock.instant().plus(lifetime), "CONSUMER");
	}

	@Test
	void aVerifiedTokenIsServedFromTheCacheWithoutASecondVerification() {
		CachingJwtDecoder decoder = cache(100, Duration.ofHours(1));
		String token = token("7", Duration.ofMinutes(30));

		Jwt first = decoder.decode(token);
		Jwt again = decoder.decode(token);
		Jwt third = decoder.decode(token);

		assertThat(this.verifier.calls).hasValue(1);
		assertThat(again).isSameAs(first).isSameAs(third);
		assertThat(again.getSubject()).isEqualTo("7");
	}

	@Test
	void aCachedTokenIsRefusedOnceItsExpiryHasPassed() {
		CachingJwtDecoder decoder = cache(100, Duration.ofHours(1));
		String token = token("7", Duration.ofMinutes(5));
		decoder.decode(token);
		this.clock.advance(Duration.ofMinutes(5).minusMillis(1));
		decoder.decode(token);
		assertThat(this.verifier.calls).as("still cached a millisecond before exp").hasValue(1);

		this.clock.advance(Duration.ofMillis(1)); // exactly at exp
		decoder.decode(token); // the verifier's own rule (exp inclusive, here without skew) still lets it through
		assertThat(this.verifier.calls).as("at exp the verifier decides again").hasValue(2);
		assertThat(decoder.size()).as("and what it let through at exp is not cached").isZero();

		this.clock.advance(Duration.ofSeconds(1));

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token));
		assertThat(this.verifier.calls).as("each refusal verified, none cached").hasValue(4);
	}

	@Test
	void anEntryLivesNoLongerThanMaxAgeEvenIfTheTokenDoes() {
		CachingJwtDecoder decoder = cache(100, Duration.ofMinutes(1));
		String token = token("7", Duration.ofHours(1));
		decoder.decode(token);

		this.clock.advance(Duration.ofMinutes(1));
		decoder.decode(token);

		assertThat(this.verifier.calls).hasValue(2);
	}

	@Test
	void aBadSignatureNeverEntersTheCache() {
		CachingJwtDecoder decoder = cache(100, Duration.ofHours(1));
		String good = token("7", Duration.ofMinutes(30));
		String forged = TestTokens.sign("another-secret-of-at-least-32-bytes-xx", "7",
				this.clock.instant().plus(Duration.ofMinutes(30)), "OPS");
		String tampered = good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA");

		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(forged));
			assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(tampered));
		}

		assertThat(this.verifier.calls).as("every attempt verified").hasValue(6);
		assertThat(decoder.size()).isZero();
		decoder.decode(good);
		assertThat(decoder.size()).isOne();
	}

	@Test
	void aTokenWithoutExpiryIsNeverCached() {
		CachingJwtDecoder decoder = cache(100, Duration.ofHours(1));
		String noExp = TestTokens.withoutExpiry("7", "CONSUMER");

		decoder.decode(noExp);
		decoder.decode(noExp);

		assertThat(this.verifier.calls).hasValue(2);
		assertThat(decoder.size()).isZero();
	}

	@Test
	void theCacheHoldsAtMostMaxSizeTokens() {
		CachingJwtDecoder decoder = cache(50, Duration.ofHours(1));
		for (int user = 1; user <= 1000; user++) {
			decoder.decode(token(String.valueOf(user), Duration.ofMinutes(30)));
		}

		assertThat(decoder.size()).isLessThanOrEqualTo(50).isPositive();
		assertThat(this.verifier.calls).hasValue(1000);
	}

	@Test
	void settingsRefuseNonsense() {
		assertThat(new TokenCacheProperties(0, Duration.ofMinutes(1)).enabled()).isFalse();
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new TokenCacheProperties(-1, Duration.ofMinutes(1)))
			.withMessageContaining("max-size");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new TokenCacheProperties(10, Duration.ZERO))
			.withMessageContaining("max-age");
	}

}
