package com.promo.claim.flashsale;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Entry tokens as text: {@code base64url(v1.saleId.userId.nonce.expiresAtMillis) "." base64url(HMAC-SHA256)}.
 * The first secret signs; every secret verifies. With {@code previousKeysUntil} set (a rotation's
 * one window: the end of the roll plus one token lifetime), a token that only a key after the first
 * signed is admitted only if it expires by then, so a retired key admits nothing afterwards, on
 * every instance and across restarts, even when an operator forgets to drop it. Signatures are compared in constant time. A plain class: no
 * Spring, no Redis (the one-time use is the order script's business).
 */
final class EntryTokenCodec {

	/** Why a token does not admit this order; every reason is a 403 to the caller. */
	enum Rejection {

		MISSING, MALFORMED, FORGED, RETIRED_KEY, EXPIRED, OTHER_USER, OTHER_SALE

	}

	/** Either the token or why not. */
	record Verdict(EntryToken token, Rejection rejection) {

		boolean admitted() {
			return this.token != null;
		}

	}

	private static final String VERSION = "v1";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	/**
	 * One initialised HMAC per secret, cloned per use: a Mac is not thread-safe, and looking one up
	 * and keying it on every call (provider search, key schedule) cost more than the HMAC itself.
	 */
	private final List<Mac> keys;

	private final Instant previousKeysUntil;

	/**
	 * @param secrets the signing key first, then the others (previous, or staged for a rotation)
	 * @param previousKeysUntil the latest expiry of a token that only a key after the first signed;
	 * null: no bound
	 */
	EntryTokenCodec(List<String> secrets, Instant previousKeysUntil) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one token secret is needed");
		}
		this.keys = secrets.stream()
			.map(s -> keyed(new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256")))
			.toList();
		this.previousKeysUntil = previousKeysUntil;
	}

	private static Mac keyed(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			mac.clone(); // fails here, at start, if this provider's HMAC cannot be cloned
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException | CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String encode(EntryToken token) {
		String payload = VERSION + "." + token.saleId() + "." + token.userId() + "." + token.nonce() + "."
				+ token.expiresAt().toEpochMilli();
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(this.keys.get(0), body));
	}

	/** Whether {@code text} admits {@code userId} to an order of {@code saleId} at {@code now}. */
	Verdict verify(String text, long saleId, long userId, Instant now) {
		if (text == null || text.isBlank()) {
			return new Verdict(null, Rejection.MISSING);
		}
		Decoded decoded = decode(text);
		if (decoded == null) {
			return new Verdict(null, Rejection.MALFORMED);
		}
		if (decoded.signedBy() < 0) {
			return new Verdict(null, Rejection.FORGED);
		}
		EntryToken t = decoded.token();
		if (decoded.signedBy() > 0 && this.previousKeysUntil != null && t.expiresAt().isAfter(this.previousKeysUntil)) {
			return new Verdict(null, Rejection.RETIRED_KEY);
		}
		if (t.userId() != userId) {
			return new Verdict(null, Rejection.OTHER_USER);
		}
		if (t.saleId() != saleId) {
			return new Verdict(null, Rejection.OTHER_SALE);
		}
		if (!now.isBefore(t.expiresAt())) {
			return new Verdict(null, Rejection.EXPIRED);
		}
		return new Verdict(t, null);
	}

	/** A signed token and the index of the key that signed it (-1: none of ours; no token then). */
	private record Decoded(EntryToken token, int signedBy) {
	}

	private static final Decoded UNSIGNED = new Decoded(null, -1);

	/** null: not a token at all. */
	private Decoded decode(String text) {
		int dot = text.indexOf('.');
		if (dot <= 0 || dot != text.lastIndexOf('.') || dot == text.length() - 1) {
			return null;
		}
		byte[] body;
		byte[] signature;
		try {
			body = DECODER.decode(text.substring(0, dot));
			signature = DECODER.decode(text.substring(dot + 1));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		int signedBy = -1;
		for (int i = this.keys.size() - 1; i >= 0; i--) { // every key, so the time does not tell which
			if (MessageDigest.isEqual(mac(this.keys.get(i), body), signature)) {
				signedBy = i;
			}
		}
		if (signedBy < 0) {
			return UNSIGNED;
		}
		String[] parts = new String(body, StandardCharsets.UTF_8).split("\\.", -1);
		if (parts.length != 5 || !VERSION.equals(parts[0])) {
			return null;
		}
		try {
			return new Decoded(new EntryToken(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3],
					Instant.ofEpochMilli(Long.parseLong(parts[4]))), signedBy);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static byte[] mac(Mac key, byte[] body) {
		try {
			return ((Mac) key.clone()).doFinal(body);
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
