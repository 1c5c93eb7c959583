package com.promo.activity.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.promo.contracts.activity.ActivitySnapshot;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.ActivityTransitioned;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

/**
 * A platform campaign. Content changes only while DRAFT; publishing hands it to the clock (see
 * {@link ActivityLifecycle}); termination stops it for good. Every status step raises one
 * {@link ActivityTransitioned} and bumps the version by one, so consumers can order them.
 */
public class Activity {

	private final long id;

	private ActivityDraft content;

	private ActivityStatus status;

	private final Instant createdAt;

	private Instant updatedAt;

	private long version;

	Activity(long id, ActivityDraft content, ActivityStatus status, Instant createdAt, Instant updatedAt, long version) {
		this.id = id;
		this.content = content;
		this.status = status;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.version = version;
	}

	static Activity create(long id, ActivityDraft content, Instant now) {
		ActivityRules.check(content);
		return new Activity(id, content, ActivityStatus.DRAFT, now, now, 0);
	}

	void edit(ActivityDraft newContent, Instant now) {
		requireStored(ActivityStatus.DRAFT, "only a DRAFT activity can be edited");
		ActivityRules.check(newContent);
		this.content = newContent;
		this.updatedAt = now;
		this.version++;
	}

	List<ActivityTransitioned> publish(Instant now) {
		requireStored(ActivityStatus.DRAFT, "only a DRAFT activity can be published");
		List<ActivityTransitioned> events = new ArrayList<>();
		events.add(step(ActivityStatus.PUBLISHED, now));
		events.addAll(advance(now));
		return events;
	}

	/** Persists what the clock implies, one event per step (several when the scheduler was away). */
	List<ActivityTransitioned> advance(Instant now) {
		List<ActivityTransitioned> events = new ArrayList<>();
		for (ActivityStatus next : ActivityLifecycle.stepsAfter(this.status, statusAt(now))) {
			events.add(step(next, now));
		}
		return events;
	}

	List<ActivityTransitioned> terminate(Instant now) {
		ActivityStatus current = statusAt(now);
		if (current == ActivityStatus.ENDED || current == ActivityStatus.TERMINATED) {
			throw new ProblemException(ProblemCode.INVALID_STATE, "a " + current + " activity cannot be terminated");
		}
		boolean everPublished = this.status != ActivityStatus.DRAFT;
		ActivityTransitioned event = step(ActivityStatus.TERMINATED, now);
		return everPublished ? List.of(event) : List.of();
	}

	private ActivityTransitioned step(ActivityStatus next, Instant now) {
		this.status = next;
		this.updatedAt = now;
		this.version++;
		return new ActivityTransitioned(UUID.randomUUID().toString(), snapshot(), now);
	}

	private void requireStored(ActivityStatus required, String message) {
		if (this.status != required) {
			throw new ProblemException(ProblemCode.INVALID_STATE, message + "; it is " + this.status);
		}
	}

	public ActivityStatus statusAt(Instant now) {
		return ActivityLifecycle.statusAt(this.status, this.content, now);
	}

	Instant nextTransitionAt() {
		return ActivityLifecycle.nextTransitionAt(this.status, this.content);
	}

	/** The activity as others see it, with its stored status. */
	public ActivitySnapshot snapshot() {
		return new ActivitySnapshot(String.valueOf(this.id), this.content.title(), this.content.kind(),
				this.content.sortedCityIds(), this.content.sortedCouponTypes(), this.content.valueLowerLimit(),
				this.content.valueUpperLimit(), this.content.applyStartTime(), this.content.applyEndTime(),
				this.content.activityStartTime(), this.content.activityEndTime(), this.status, this.version);
	}

	public long id() {
		return this.id;
	}

	public ActivityDraft content() {
		return this.content;
	}

	public ActivityStatus storedStatus() {
		return this.status;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

	public long version() {
		return this.version;
	}

}
