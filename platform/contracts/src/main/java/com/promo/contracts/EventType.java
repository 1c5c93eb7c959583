package com.promo.contracts;

/**
 * One kind of event: its wire name, schema version, topic and payload record. A new incompatible
 * payload gets a new version; consumers keep reading the versions they know.
 */
public record EventType<T>(String name, int version, Topic topic, Class<T> payloadType) {

	public static <T> EventType<T> of(String name, int version, Topic topic, Class<T> payloadType) {
		return new EventType<>(name, version, topic, payloadType);
	}

}
