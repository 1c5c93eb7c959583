package com.promo.contracts.activity;

import java.time.Instant;
import java.util.Map;

import com.promo.contracts.EventType;
import com.promo.contracts.PlatformEvent;
import com.promo.contracts.Topic;

/**
 * An activity moved to {@code activity.status()}; one event per step, in order, keyed by activity
 * id. Consumers keep the snapshot with the highest {@code version}.
 */
public record ActivityTransitioned(String eventId, ActivitySnapshot activity, Instant occurredAt) implements PlatformEvent {

	public static final EventType<ActivityTransitioned> PUBLISHED = type("ActivityPublished");

	public static final EventType<ActivityTransitioned> SIGNUP_OPENED = type("ActivitySignupOpened");

	public static final EventType<ActivityTransitioned> SIGNUP_CLOSED = type("ActivitySignupClosed");

	public static final EventType<ActivityTransitioned> STARTED = type("ActivityStarted");

	public static final EventType<ActivityTransitioned> ENDED = type("ActivityEnded");

	public static final EventType<ActivityTransitioned> TERMINATED = type("ActivityTerminated");

	private static final Map<ActivityStatus, EventType<ActivityTransitioned>> BY_STATUS = Map.of(ActivityStatus.PUBLISHED,
			PUBLISHED, ActivityStatus.SIGNUP_OPEN, SIGNUP_OPENED, ActivityStatus.SIGNUP_CLOSED, SIGNUP_CLOSED,
			ActivityStatus.RUNNING, STARTED, ActivityStatus.ENDED, ENDED, ActivityStatus.TERMINATED, TERMINATED);

	public static java.util.Collection<EventType<ActivityTransitioned>> types() {
		return BY_STATUS.values();
	}

	@Override
	public String key() {
		return this.activity.id();
	}

	@Override
	public EventType<ActivityTransitioned> eventType() {
		EventType<ActivityTransitioned> type = BY_STATUS.get(this.activity.status());
		if (type == null) {
			throw new IllegalStateException("no event for an activity in " + this.activity.status());
		}
		return type;
	}

	private static EventType<ActivityTransitioned> type(String name) {
		return EventType.of(name, 1, Topic.ACTIVITY_EVENTS, ActivityTransitioned.class);
	}

}
