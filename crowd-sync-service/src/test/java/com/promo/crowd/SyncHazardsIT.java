package com.promo.crowd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed design's two synchronisation hazards, each tried head-on. */
class SyncHazardsIT extends CrowdSyncTestBase {

	/**
	 * The unfollow never reaches the real-time path. Redis still says "fan" until the membership's
	 * expiry (one batch interval plus grace), then no longer; the next snapshot, which no longer
	 * holds the relation, ends it in the relation store too.
	 */
	@Test
	void theMissedUnfollowExpires() throws Exception {
		long user = newId();
		long seller = newId();
		long keeps = newId();
		this.relations.follow(user, seller, now().minus(Duration.ofDays(2)));
		this.relations.follow(user, keeps, now().minus(Duration.ofDays(2)));
		assertThat(fast(user, allFans(seller))).isTrue();
		// ... the user unfollows; the event is lost

		CLOCK.advance(ttl().minusMinutes(1));
		assertThat(fast(user, allFans(seller))).isTrue();
		CLOCK.advance(Duration.ofMinutes(2));
		assertThat(fast(user, allFans(seller))).as("past one batch interval plus grace").isFalse();
		assertThat(fast(user, allFans(keeps))).isFalse();

		// the next snapshot holds the relation that still exists, not the one that ended
		String report = runBatch(snapshot(List.of(row(user, keeps, now().minus(Duration.ofDays(2))))), now());

		assertThat(fast(user, allFans(keeps))).isTrue();
		assertThat(fast(user, allFans(seller))).isFalse();
		assertThat(strong(user, allFans(seller))).as("the store learned the unfollow from the snapshot").isFalse();
		assertThat(strong(user, allFans(keeps))).isTrue();
		assertThat(count(report, "missedUnfollows")).isGreaterThanOrEqualTo(1);
	}

	/**
	 * The snapshot was taken before the user unfollowed, and loaded after the unfollow was applied:
	 * its row for the relation is superseded by the tombstone, in Redis and in the store.
	 */
	@Test
	void theStaleSnapshotDoesNotResurrectAnUnfollow() throws Exception {
		long user = newId();
		long seller = newId();
		long other = newId();
		Instant followed = now().minus(Duration.ofDays(40));
		this.relations.follow(user, seller, followed);
		Instant snapshotTime = now().minus(Duration.ofHours(3));
		this.relations.unfollow(user, seller, now().minus(Duration.ofHours(1)));
		assertThat(fast(user, allFans(seller))).isFalse();

		String report = runBatch(snapshot(List.of(row(user, seller, followed), row(user, other, followed))), snapshotTime);

		assertThat(count(report, "rowsSuperseded")).isEqualTo(1);
		assertThat(count(report, "rowsApplied")).isEqualTo(1);
		assertThat(fast(user, allFans(seller))).isFalse();
		assertThat(fast(user, oldFans(seller))).isFalse();
		assertThat(strong(user, allFans(seller))).isFalse();
		assertThat(fast(user, oldFans(other))).as("the other row still counts, 40 days a fan").isTrue();
		assertThat(strong(user, allFans(other))).isTrue();
	}

}
