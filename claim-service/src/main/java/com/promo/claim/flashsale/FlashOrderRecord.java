package com.promo.claim.flashsale;

import java.time.Instant;

/**
 * The first answer given under a buyer's Idempotency-Key on a sale, as the sale's {@code sale:idem}
 * hash holds it (field {@code <userId>:<key>}); this type and flash-order.lua alone write it:
 * {@code <fingerprint> RESERVED <transactionId> <price> <payBefore epoch ms>} for a reservation (a
 * 201 once its hand-off is acknowledged), {@code <fingerprint> <outcome>} for a refusal the API
 * stores (409 LIMIT_REACHED, 410 SOLD_OUT, 422 NOT_CLAIMABLE).
 *
 * @param fingerprint the request's, to tell a repeat from another request under the same key
 * @param outcome {@code RESERVED} or the refusal
 * @param transactionId, price, payBefore the reservation's answer; null/0 for a refusal
 */
record FlashOrderRecord(String fingerprint, FlashSaleStore.Outcome outcome, String transactionId, long price,
		Instant payBefore) {

	static FlashOrderRecord reserved(String fingerprint, String transactionId, long price, Instant payBefore) {
		return new FlashOrderRecord(fingerprint, FlashSaleStore.Outcome.RESERVED, transactionId, price, payBefore);
	}

	String encoded() {
		return this.outcome == FlashSaleStore.Outcome.RESERVED
				? this.fingerprint + " RESERVED " + this.transactionId + " " + this.price + " " + this.payBefore.toEpochMilli()
				: this.fingerprint + " " + this.outcome.name();
	}

	/** @throws IllegalStateException for text no version of this format wrote */
	static FlashOrderRecord decode(String text) {
		String[] parts = text.split(" ");
		try {
			FlashSaleStore.Outcome outcome = FlashSaleStore.Outcome.valueOf(parts[1]);
			if (outcome == FlashSaleStore.Outcome.RESERVED && parts.length == 5) {
				return reserved(parts[0], parts[2], Long.parseLong(parts[3]), Instant.ofEpochMilli(Long.parseLong(parts[4])));
			}
			if (parts.length == 2 && outcome.isStoredRefusal()) {
				return new FlashOrderRecord(parts[0], outcome, null, 0, null);
			}
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("unreadable Idempotency-Key record: " + text, ex);
		}
		throw new IllegalStateException("unreadable Idempotency-Key record: " + text);
	}

}
