package com.promo.crowd.relation;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What the platform knows of one user's relation to one seller, and the rules that keep it right
 * whatever order the facts arrive in.
 * <p>
 * The follow state is decided by the newest fact by event time ({@code lastEventAt}): a follow or
 * unfollow event, a snapshot row (the relation existed at the snapshot time) or a snapshot's
 * silence (it did not). An older fact never overwrites a newer one; at the same instant an unfollow
 * wins over a follow, so two events with one time give the same state in either order and a
 * duplicate changes nothing. Purchases are monotone: the earliest paid order is kept.
 *
 * @param version the stored row's version (0 when nothing is stored yet)
 */
public record FollowRelation(long userId, long sellerId, boolean following, @Nullable Instant followedAt,
		@Nullable Instant unfollowedAt, @Nullable Instant lastEventAt, @Nullable Instant firstPurchaseAt,
		long version) {

	/** How a snapshot row met the relation. */
	public enum SnapshotOutcome {

		/** An unfollow at or after the snapshot time overrules the row. */
		SUPERSEDED,
		/** The relation already said "following" (or something newer): nothing to correct. */
		CONFIRMED,
		/** The store did not know the relation exists: drift, corrected. */
		CORRECTED

	}

	public record SnapshotMerge(FollowRelation relation, SnapshotOutcome outcome) {
	}

	public static FollowRelation absent(long userId, long sellerId) {
		return new FollowRelation(userId, sellerId, false, null, null, null, null, 0);
	}

	public boolean isStored() {
		return this.version > 0;
	}

	public FollowRelation follow(Instant at) {
		if (this.lastEventAt != null && !at.isAfter(this.lastEventAt)) {
			return this; // older, duplicate, or tied with an unfollow (which wins)
		}
		return new FollowRelation(this.userId, this.sellerId, true, at, this.unfollowedAt, at, this.firstPurchaseAt,
				this.version);
	}

	public FollowRelation unfollow(Instant at) {
		if (this.lastEventAt != null && at.isBefore(this.lastEventAt)) {
			// too old to change the state, but its time still marks snapshots older than it as stale
			return new FollowRelation(this.userId, this.sellerId, this.following, this.followedAt,
					latest(this.unfollowedAt, at), this.lastEventAt, this.firstPurchaseAt, this.version);
		}
		return new FollowRelation(this.userId, this.sellerId, false, null, latest(this.unfollowedAt, at), at,
				this.firstPurchaseAt, this.version);
	}

	public FollowRelation purchase(Instant paidAt) {
		Instant first = (this.firstPurchaseAt == null || paidAt.isBefore(this.firstPurchaseAt)) ? paidAt
				: this.firstPurchaseAt;
		return new FollowRelation(this.userId, this.sellerId, this.following, this.followedAt, this.unfollowedAt,
				this.lastEventAt, first, this.version);
	}

	/**
	 * A snapshot taken at {@code snapshotTime} holds this relation, following since
	 * {@code snapshotFollowedAt}. An unfollow at or after the snapshot time wins (the snapshot is
	 * older than it); otherwise the relation is following as of the snapshot time.
	 */
	public SnapshotMerge mergeSnapshot(Instant snapshotTime, Instant snapshotFollowedAt,
			@Nullable Instant snapshotFirstPurchaseAt) {
		FollowRelation withPurchase = (snapshotFirstPurchaseAt != null) ? purchase(snapshotFirstPurchaseAt) : this;
		if (this.lastEventAt != null && !snapshotTime.isAfter(this.lastEventAt)) {
			SnapshotOutcome outcome = this.following ? SnapshotOutcome.CONFIRMED : SnapshotOutcome.SUPERSEDED;
			return new SnapshotMerge(withPurchase, outcome);
		}
		if (this.following) {
			return new SnapshotMerge(withPurchase, SnapshotOutcome.CONFIRMED);
		}
		FollowRelation corrected = new FollowRelation(this.userId, this.sellerId, true, snapshotFollowedAt,
				this.unfollowedAt, snapshotTime, withPurchase.firstPurchaseAt, this.version);
		return new SnapshotMerge(corrected, SnapshotOutcome.CORRECTED);
	}

	/**
	 * A complete snapshot taken at {@code snapshotTime} does not hold this relation: if nothing
	 * newer than the snapshot says otherwise, the unfollow was missed and happened by then.
	 */
	public FollowRelation absentFromSnapshot(Instant snapshotTime) {
		if (!this.following || (this.lastEventAt != null && !snapshotTime.isAfter(this.lastEventAt))) {
			return this;
		}
		return unfollow(snapshotTime);
	}

	/** The seller's crowds this relation puts the user in at {@code now}. */
	public Set<CrowdType> crowdsAt(Instant now, Duration oldFanAge) {
		Set<CrowdType> crowds = EnumSet.noneOf(CrowdType.class);
		if (!this.following) {
			return crowds;
		}
		crowds.add(CrowdType.ALL_FANS);
		if (this.followedAt != null && !this.followedAt.isAfter(now.minus(oldFanAge))) {
			crowds.add(CrowdType.OLD_FANS);
		}
		if (this.firstPurchaseAt != null) {
			crowds.add(CrowdType.BUY_FANS);
		}
		return crowds;
	}

	public FollowRelation withVersion(long newVersion) {
		return new FollowRelation(this.userId, this.sellerId, this.following, this.followedAt, this.unfollowedAt,
				this.lastEventAt, this.firstPurchaseAt, newVersion);
	}

	private static Instant latest(@Nullable Instant a, Instant b) {
		return (a == null || b.isAfter(a)) ? b : a;
	}

}
