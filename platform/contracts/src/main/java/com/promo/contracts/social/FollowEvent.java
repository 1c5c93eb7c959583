package com.promo.contracts.social;

import java.time.Instant;

import com.promo.contracts.Topic;

/**
 * A follow or unfollow from the social graph on {@link Topic#FOLLOW_EVENTS}, keyed by user id.
 * Upstream's own format (not enveloped): {@code {eventId, type, userId, sellerId, occurredAt}}.
 */
public record FollowEvent(String eventId, Type type, String userId, String sellerId, Instant occurredAt) {

	public enum Type {

		FOLLOW, UNFOLLOW

	}

}
