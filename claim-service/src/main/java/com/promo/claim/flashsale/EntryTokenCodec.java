package com.promo.claim.flashsale;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Entry tokens as text: {@code base64url(v1.saleId.userId.nonce.expiresAtMillis) "." base64url(HMAC-SHA256)}.
 * The first secret signs; every secret verifies (key rotation keeps the previous key for one token
 * lifetime). Signatures are compared in constant time. A plain class: no Spring, no Redis (the
 * one-time use is the order script's business).
 */
final class EntryTokenCodec {

	/** Why a token does not admit this order; every reason is a 403 to the caller. */
	enum Rejection {

		MISSING, MALFORMED, FORGED, EXPIRED, OTHER_USER, OTHER_SALE

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

	EntryTokenCodec(List<String> secrets) {
		if (secrets.isEmpty()) {
			throw new IllegalArgumentException("at least one token secret is needed");
		}
		this.keys = secrets.stream()
			.map(s -> keyed(new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256")))
			.toList();
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
		Optional<EntryToken> token = decode(text);
		if (token == null) {
			return new Verdict(null, Rejection.MALFORMED);
		}
		if (token.isEmpty()) {
			return new Verdict(null, Rejection.FORGED);
		}
		EntryToken t = token.get();
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

	/** null: not a token at all; empty: well-formed but signed by none of our keys. */
	private Optional<EntryToken> decode(String text) {
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
		boolean signed = false;
		for (Mac key : this.keys) {
			signed |= MessageDigest.isEqual(mac(key, body), signature);
		}
		if (!signed) {
			return Optional.empty();
		}
		String[] parts = new String(body, StandardCharsets.UTF_8).split("\\.", -1);
		if (parts.length != 5 || !VERSION.equals(parts[0])) {
			return null;
		}
		try {
			return Optional.of(new EntryToken(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3],
					Instant.ofEpochMilli(Long.parseLong(parts[4]))));
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
