package com.promo.crowd.relation;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import com.promo.crowd.CrowdSyncTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two writers of one relation whose Redis projections land in the opposite order to their saves:
 * the first writer's projection is held until the second has saved and projected a newer state.
 * Redis must still end on the store's state. (The batch's reconcile step against a consumer did
 * this in {@code BatchRacesIT}, by chance; here it is forced every time.)
 */
class ProjectionOrderIT extends CrowdSyncTestBase {

	@Autowired
	RelationProjection redisProjection;

	@Autowired
	MeterRegistry meters;

	@Test
	void aFollowProjectedAfterANewerUnfollowIsUndone() throws Exception {
		long user = newId();
		long seller = newId();
		Instant snapshotTime = now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

		// the reconcile step's merge of a snapshot row, then an unfollow newer than the snapshot
		race(user, seller, (relation) -> relation.mergeSnapshot(snapshotTime, snapshotTime.minus(Duration.ofDays(3)), null)
			.relation(), (relation) -> relation.unfollow(snapshotTime.plus(Duration.ofMinutes(55))));

		assertThat(this.store.findOrAbsent(user, seller).following()).isFalse();
		assertThat(membershipHash(user)).doesNotContainKey(allFans(seller));
	}

	@Test
	void anUnfollowProjectedAfterANewerFollowIsUndone() throws Exception {
		long user = newId();
		long seller = newId();
		Instant followedAt = now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
		this.relations.follow(user, seller, followedAt);

		race(user, seller, (relation) -> relation.unfollow(followedAt.plusSeconds(60)),
				(relation) -> relation.follow(followedAt.plusSeconds(120)));

		assertThat(this.store.findOrAbsent(user, seller).following()).isTrue();
		assertThat(membershipHash(user)).containsKey(allFans(seller));
	}

	/**
	 * Applies {@code older} through a service whose first projection waits, then {@code newer}
	 * through the application's own service, then lets the held projection go on.
	 */
	private void race(long user, long seller, UnaryOperator<FollowRelation> older, UnaryOperator<FollowRelation> newer)
			throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean holdNext = new AtomicBoolean(true);
		List<FollowRelation> landed = new CopyOnWriteArrayList<>();
		RelationProjection holding = (relation) -> {
			if (holdNext.getAndSet(false)) {
				held.countDown();
				awaitOrFail(release);
			}
			this.redisProjection.project(relation);
			landed.add(relation);
		};
		RelationService slow = new RelationService(this.store, holding, CLOCK, this.meters);

		CompletableFuture<FollowRelation> first = CompletableFuture.supplyAsync(() -> slow.apply(user, seller, older));
		awaitOrFail(held);
		FollowRelation newest = this.relations.apply(user, seller, newer);
		release.countDown();
		FollowRelation olderSaved = first.get(10, TimeUnit.SECONDS);

		// the race happened: the older state was saved first and reached Redis after the newer one
		assertThat(olderSaved.version()).isLessThan(newest.version());
		assertThat(landed.get(0)).isEqualTo(olderSaved);
		assertThat(landed).as("what the held writer projected").last().isEqualTo(newest);
		assertThat(this.store.findOrAbsent(user, seller)).isEqualTo(newest);
	}

	private static void awaitOrFail(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).as("the other writer got this far").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
