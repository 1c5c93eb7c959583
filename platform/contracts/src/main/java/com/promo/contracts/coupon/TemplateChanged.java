package com.promo.contracts.coupon;

import java.time.Instant;
import java.util.Map;

import com.promo.contracts.EventType;
import com.promo.contracts.PlatformEvent;
import com.promo.contracts.Topic;

/**
 * A template was created or changed status, keyed by template id; the type names the new status
 * ({@code TemplateEnabled} is the one claim-service warms its stock from). Consumers keep the
 * snapshot with the highest version.
 * <p>
 * Version 2 (the one produced) adds the activity's kind to the snapshot; consumers read version 1
 * too ({@link #readableTypes()}), whose snapshot reads as a COUPON activity's.
 */
public record TemplateChanged(String eventId, TemplateSnapshot template, Instant occurredAt) implements PlatformEvent {

	/** 2: the snapshot carries {@code activityKind}. */
	public static final int VERSION = 2;

	public static final EventType<TemplateChanged> CREATED = type("TemplateCreated");

	public static final EventType<TemplateChanged> ENABLED = type("TemplateEnabled");

	public static final EventType<TemplateChanged> EXPIRED = type("TemplateExpired");

	public static final EventType<TemplateChanged> ENDED = type("TemplateEnded");

	public static final EventType<TemplateChanged> TERMINATED = type("TemplateTerminated");

	private static final Map<TemplateStatus, EventType<TemplateChanged>> BY_STATUS = Map.of(TemplateStatus.NEW, CREATED,
			TemplateStatus.ENABLED, ENABLED, TemplateStatus.EXPIRED, EXPIRED, TemplateStatus.ENDED, ENDED,
			TemplateStatus.TERMINATED, TERMINATED);

	/** Every type at the version producers send. */
	public static java.util.Collection<EventType<TemplateChanged>> types() {
		return BY_STATUS.values();
	}

	/** Every type at every version a consumer must read: the current one and version 1. */
	public static java.util.List<EventType<TemplateChanged>> readableTypes() {
		java.util.List<EventType<TemplateChanged>> all = new java.util.ArrayList<>(BY_STATUS.values());
		for (EventType<TemplateChanged> type : BY_STATUS.values()) {
			all.add(EventType.of(type.name(), 1, type.topic(), TemplateChanged.class));
		}
		return java.util.List.copyOf(all);
	}

	@Override
	public String key() {
		return this.template.id();
	}

	@Override
	public EventType<TemplateChanged> eventType() {
		return BY_STATUS.get(this.template.status());
	}

	private static EventType<TemplateChanged> type(String name) {
		return EventType.of(name, VERSION, Topic.COUPON_TEMPLATE_EVENTS, TemplateChanged.class);
	}

}
