package com.promo.contracts;

import java.time.Instant;

/**
 * A fact one service publishes for others. Its id is fixed when the fact happens, so that a
 * republication after a crash carries the same {@code eventId} and consumers can deduplicate it.
 * The outbox wraps it in an {@link EventEnvelope} on {@code eventType().topic()} keyed by
 * {@link #key()}.
 */
public interface PlatformEvent {

	String eventId();

	Instant occurredAt();

	/** The Kafka record key: the id whose events must stay in order. */
	String key();

	EventType<?> eventType();

	default EventEnvelope toEnvelope() {
		return EventEnvelope.of(eventId(), eventType(), key(), occurredAt(), this);
	}

}
