package com.promo.claim.claim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.github.f4b6a3.tsid.Tsid;
import com.github.f4b6a3.tsid.TsidCreator;

/**
 * Claim ids. A claim sent with an Idempotency-Key gets an id derived from (user, template, key):
 * the key's record lives in Redis, which a failover can forget, and a retry that Redis no longer
 * recognises then reserves under the very same claim id, so the wallet's arbiter (which decides
 * once per claim id) answers it with the recorded decision instead of granting a second coupon.
 * Without a key every claim is new: a random, time-ordered TSID.
 * <p>
 * Both kinds have the same shape (a TSID's 13 characters); a derived id's time bits are a hash,
 * which nothing reads.
 */
final class ClaimIds {

	private ClaimIds() {
	}

	/** The claim id for this request: derived when it carries a key, new otherwise. */
	static String of(String userId, long templateId, String idempotencyKey) {
		if (idempotencyKey == null || idempotencyKey.isEmpty()) {
			return TsidCreator.getTsid().toString();
		}
		return derived(userId, templateId, idempotencyKey);
	}

	/** The first 64 bits of SHA-256 over the three parts (NUL-separated, so no two inputs meet). */
	static String derived(String userId, long templateId, String idempotencyKey) {
		byte[] digest = sha256().digest((userId + '\0' + templateId + '\0' + idempotencyKey)
			.getBytes(StandardCharsets.UTF_8));
		return Tsid.from(ByteBuffer.wrap(digest).getLong()).toString();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

}
