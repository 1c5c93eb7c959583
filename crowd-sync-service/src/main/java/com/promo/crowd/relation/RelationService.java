package com.promo.crowd.relation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Service;

/**
 * Applies facts to a relation: first to the durable store (conditional on the version read, retried
 * when another writer got there first), then to Redis from the stored state. Redis is written even
 * when the fact changed nothing, so a process that died between the two writes is repaired by the
 * redelivered event.
 * <p>
 * Two writers of one relation (a consumer and the batch's reconcile step, say) can reach Redis in
 * the opposite order to the store: the older state would land last and stay. So each writer reads
 * the relation again after its projection and projects once more while the store holds a newer
 * version. The writer whose projection lands last has then projected what the store held after it,
 * and any later save is projected after that by its own writer: Redis ends on the store's state.
 */
@Service
public class RelationService {

	private final RelationStore store;

	private final RelationProjection memberships;

	private final Clock clock;

	private final Timer eventLag;

	RelationService(RelationStore store, RelationProjection memberships, Clock clock, MeterRegistry meters) {
		this.store = store;
		this.memberships = memberships;
		this.clock = clock;
		this.eventLag = Timer.builder("crowd.event.lag")
			.description("From an event's occurrence to its relation being visible in Redis")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	// times are kept to the millisecond everywhere (store, tombstones), so that they compare exactly

	public FollowRelation follow(long userId, long sellerId, Instant at) {
		Instant time = at.truncatedTo(ChronoUnit.MILLIS);
		return applyEvent(userId, sellerId, at, (relation) -> relation.follow(time));
	}

	public FollowRelation unfollow(long userId, long sellerId, Instant at) {
		Instant time = at.truncatedTo(ChronoUnit.MILLIS);
		return applyEvent(userId, sellerId, at, (relation) -> relation.unfollow(time));
	}

	public FollowRelation purchase(long userId, long sellerId, Instant paidAt) {
		Instant time = paidAt.truncatedTo(ChronoUnit.MILLIS);
		return applyEvent(userId, sellerId, paidAt, (relation) -> relation.purchase(time));
	}

	/** Applies {@code change} to the stored relation and projects the result onto Redis. */
	public FollowRelation apply(long userId, long sellerId, UnaryOperator<FollowRelation> change) {
		FollowRelation stored = saved(userId, sellerId, change);
		FollowRelation projected = stored;
		while (true) {
			this.memberships.project(projected);
			FollowRelation latest = this.store.findOrAbsent(userId, sellerId);
			if (latest.version() == projected.version()) {
				return stored;
			}
			projected = latest; // saved by another writer meanwhile, whose projection may have landed before ours
		}
	}

	private FollowRelation applyEvent(long userId, long sellerId, Instant occurredAt,
			UnaryOperator<FollowRelation> change) {
		FollowRelation relation = apply(userId, sellerId, change);
		Duration lag = Duration.between(occurredAt, this.clock.instant());
		this.eventLag.record(lag.isNegative() ? Duration.ZERO : lag);
		return relation;
	}

	private FollowRelation saved(long userId, long sellerId, UnaryOperator<FollowRelation> change) {
		while (true) {
			FollowRelation current = this.store.findOrAbsent(userId, sellerId);
			FollowRelation next = change.apply(current);
			if (next.equals(current)) {
				return current;
			}
			if (this.store.save(next)) {
				return next.withVersion(current.version() + 1);
			}
			// another writer changed the relation since we read it: apply to its version instead
		}
	}

}
