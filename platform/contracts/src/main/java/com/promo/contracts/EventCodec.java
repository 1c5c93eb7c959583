package com.promo.contracts;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON encoding of envelopes and event records, the same in every service (ISO-8601 instants,
 * unknown fields ignored so that producers can add fields without breaking consumers).
 */
public final class EventCodec {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private EventCodec() {
	}

	public static byte[] encode(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	public static EventEnvelope decodeEnvelope(byte[] bytes) {
		return decode(bytes, EventEnvelope.class);
	}

	/** Decodes a record; a record that cannot be read throws {@link MalformedEventException}. */
	public static <T> T decode(byte[] bytes, Class<T> type) {
		try {
			return MAPPER.readValue(bytes, type);
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			throw new MalformedEventException("cannot read " + type.getSimpleName() + ": " + ex.getMessage(), ex);
		}
	}

	/** The payload of an envelope as the record of its event type. */
	public static <T> T payload(EventEnvelope envelope, EventType<T> type) {
		if (!envelope.is(type)) {
			throw new MalformedEventException(
					"envelope holds " + envelope.type() + " v" + envelope.version() + ", not " + type.name() + " v" + type.version(), null);
		}
		try {
			return MAPPER.treeToValue(envelope.payload(), type.payloadType());
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			throw new MalformedEventException("cannot read " + type.name() + " payload: " + ex.getMessage(), ex);
		}
	}

	static JsonNode toTree(Object payload) {
		return MAPPER.valueToTree(payload);
	}

}
