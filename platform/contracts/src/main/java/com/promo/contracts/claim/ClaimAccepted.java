package com.promo.contracts.claim;

import java.time.Instant;

import com.promo.contracts.EventType;
import com.promo.contracts.PlatformEvent;
import com.promo.contracts.Topic;

/**
 * Redis reserved a unit of a template for a user and the client was told 201 ACCEPTED; the wallet
 * must now issue the coupon or, when the database arbiter overrules Redis, reject the claim.
 * Keyed by user id (per-user order). Re-sent by reconciliation while it stays unsettled; the
 * wallet settles each claim id once.
 */
public record ClaimAccepted(String eventId, String claimId, String templateId, String userId, Instant claimedAt,
		Instant occurredAt) implements PlatformEvent {

	public static final EventType<ClaimAccepted> TYPE = EventType.of("ClaimAccepted", 1, Topic.CLAIM_EVENTS,
			ClaimAccepted.class);

	@Override
	public String key() {
		return this.userId;
	}

	@Override
	public EventType<ClaimAccepted> eventType() {
		return TYPE;
	}

}
