package com.promo.claim.flashsale;

import java.time.Instant;

/**
 * What an entry token grants: one order of {@code saleId} by {@code userId} until {@code expiresAt};
 * {@code nonce} names it for its used-up mark.
 */
record EntryToken(long saleId, long userId, String nonce, Instant expiresAt) {
}
