package com.promo.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The versioned envelope of every {@code promo.*} event:
 * {@code {eventId, type, version, occurredAt, key, payload}}. Consumers deduplicate on
 * {@code eventId} and order by {@code occurredAt}; {@code type} and {@code version} select the
 * payload record, never a Java class name.
 */
public record EventEnvelope(String eventId, String type, int version, Instant occurredAt, String key, JsonNode payload) {

	public EventEnvelope {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(payload, "payload");
		if (version < 1) {
			throw new IllegalArgumentException("version must be at least 1");
		}
	}

	/** Wraps a payload of a known event type under a fresh event id. */
	public static <T> EventEnvelope of(EventType<T> type, String key, Instant occurredAt, T payload) {
		return of(UUID.randomUUID().toString(), type, key, occurredAt, payload);
	}

	/** Wraps a payload under the event id it was given when it happened. */
	public static EventEnvelope of(String eventId, EventType<?> type, String key, Instant occurredAt, Object payload) {
		return new EventEnvelope(eventId, type.name(), type.version(), occurredAt, key, EventCodec.toTree(payload));
	}

	public boolean is(EventType<?> eventType) {
		return this.type.equals(eventType.name()) && this.version == eventType.version();
	}

}
