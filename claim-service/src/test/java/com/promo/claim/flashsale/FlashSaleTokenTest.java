package com.promo.claim.flashsale;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The entry token codec: bound to user and sale, short-lived, unforgeable, rotatable. */
class FlashSaleTokenTest {

	static final String OLD = "old-secret-old-secret-old-secret-0123";

	static final String NEW = "new-secret-new-secret-new-secret-0123";

	final Instant now = Instant.parse("2026-12-01T10:00:00Z");

	/** Rotated at {@link #now}, previous keys until 60 s later: the old key admits tokens expiring by then. */
	final EntryTokenCodec codec = new EntryTokenCodec(List.of(NEW, OLD), this.now.plusSeconds(60));

	String token(long sale, long user) {
		return this.codec.encode(new EntryToken(sale, user, "n1", this.now.plusSeconds(60)));
	}

	@Test
	void aTokenAdmitsItsUserToItsSaleUntilItExpires() {
		EntryTokenCodec.Verdict verdict = this.codec.verify(token(7, 42), 7, 42, this.now.plusSeconds(59));
		assertThat(verdict.admitted()).isTrue();
		assertThat(verdict.token().nonce()).isEqualTo("n1");
		assertThat(this.codec.verify(token(7, 42), 7, 42, this.now.plusSeconds(60)).rejection())
			.isEqualTo(EntryTokenCodec.Rejection.EXPIRED);
	}

	@Test
	void anotherUserOrAnotherSaleIsRejected() {
		assertThat(this.codec.verify(token(7, 42), 7, 43, this.now).rejection())
			.isEqualTo(EntryTokenCodec.Rejection.OTHER_USER);
		assertThat(this.codec.verify(token(7, 42), 8, 42, this.now).rejection())
			.isEqualTo(EntryTokenCodec.Rejection.OTHER_SALE);
	}

	@Test
	void everyChangedCharacterIsRejected() {
		String token = token(7, 42);
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
			assertThat(this.codec.verify(changed, 7, 42, this.now).admitted()).as("changed at %d", i).isFalse();
		}
	}

	@Test
	void aTokenForgedWithAnotherKeyOrRewrittenIsRejected() {
		String foreign = new EntryTokenCodec(List.of("someone-elses-secret-0123456789abcdef"), this.now)
			.encode(new EntryToken(7, 42, "n1", this.now.plusSeconds(60)));
		assertThat(this.codec.verify(foreign, 7, 42, this.now).rejection()).isEqualTo(EntryTokenCodec.Rejection.FORGED);
		// the payload rewritten to another user, the signature kept
		String token = token(7, 41);
		String body = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("v1.7.42.n1." + this.now.plusSeconds(60).toEpochMilli()).getBytes(StandardCharsets.UTF_8));
		String rewritten = body + token.substring(token.indexOf('.'));
		assertThat(this.codec.verify(rewritten, 7, 42, this.now).rejection())
			.isEqualTo(EntryTokenCodec.Rejection.FORGED);
	}

	@Test
	void missingAndMalformedTokensAreRejected() {
		assertThat(this.codec.verify(null, 7, 42, this.now).rejection()).isEqualTo(EntryTokenCodec.Rejection.MISSING);
		assertThat(this.codec.verify("", 7, 42, this.now).rejection()).isEqualTo(EntryTokenCodec.Rejection.MISSING);
		for (String bad : List.of("x", "a.b.c", ".", "abc.", "%%%.%%%")) {
			assertThat(this.codec.verify(bad, 7, 42, this.now).admitted()).as(bad).isFalse();
		}
	}

	@Test
	void aRotationKeepsTokensOfThePreviousKeyValidAndSignsWithTheNewOne() {
		String signedByOld = new EntryTokenCodec(List.of(OLD), this.now).encode(new EntryToken(7, 42, "n1", this.now.plusSeconds(60)));
		assertThat(this.codec.verify(signedByOld, 7, 42, this.now).admitted()).as("previous key still verifies").isTrue();
		String signedNow = token(7, 42);
		assertThat(new EntryTokenCodec(List.of(NEW), this.now).verify(signedNow, 7, 42, this.now).admitted())
			.as("signed with the first (new) key")
			.isTrue();
		assertThat(new EntryTokenCodec(List.of(OLD), this.now).verify(signedNow, 7, 42, this.now).admitted()).isFalse();
	}

	@Test
	void thePreviousKeyAdmitsNoTokenExpiringAfterItsRetirement() {
		EntryTokenCodec old = new EntryTokenCodec(List.of(OLD), this.now);
		// issued by the old key just before the rotation: admitted until it expires
		String issuedBefore = old.encode(new EntryToken(7, 42, "n1", this.now.plusSeconds(60)));
		assertThat(this.codec.verify(issuedBefore, 7, 42, this.now.plusSeconds(59)).admitted()).isTrue();
		// the old key (leaked, or still in use somewhere) signing a token that outlives the window
		String lateOld = old.encode(new EntryToken(7, 42, "n2", this.now.plusSeconds(61)));
		assertThat(this.codec.verify(lateOld, 7, 42, this.now.plusSeconds(30)).rejection())
			.isEqualTo(EntryTokenCodec.Rejection.RETIRED_KEY);
		String muchLater = old.encode(new EntryToken(7, 42, "n3", this.now.plusSeconds(3600)));
		assertThat(this.codec.verify(muchLater, 7, 42, this.now.plusSeconds(3500)).rejection())
			.isEqualTo(EntryTokenCodec.Rejection.RETIRED_KEY);
		// the signing key has no such bound
		String current = this.codec.encode(new EntryToken(7, 42, "n4", this.now.plusSeconds(3600)));
		assertThat(this.codec.verify(current, 7, 42, this.now.plusSeconds(3500)).admitted()).isTrue();
		// without a retirement time every key verifies (a new key staged second before its promotion)
		assertThat(new EntryTokenCodec(List.of(NEW, OLD), null).verify(muchLater, 7, 42, this.now.plusSeconds(3500))
			.admitted()).isTrue();
	}

}
