package com.promo.crowd.relation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import com.promo.crowd.relation.FollowRelation.SnapshotOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FollowRelationTest {

	static final Instant T = Instant.parse("2026-10-01T00:00:00Z");

	static final Duration OLD = Duration.ofDays(30);

	final FollowRelation none = FollowRelation.absent(1, 2);

	@Test
	void anOlderEventNeverOverwritesANewerState() {
		FollowRelation unfollowed = this.none.follow(T).unfollow(T.plusSeconds(10));

		assertThat(unfollowed.follow(T.plusSeconds(5))).isEqualTo(unfollowed);
		assertThat(unfollowed.follow(T.plusSeconds(11)).following()).isTrue();
	}

	@Test
	void atTheSameInstantTheUnfollowWinsInEitherOrder() {
		assertThat(this.none.follow(T).unfollow(T).following()).isFalse();
		assertThat(this.none.unfollow(T).follow(T).following()).isFalse();
	}

	@Test
	void aDuplicateEventChangesNothing() {
		FollowRelation followed = this.none.follow(T);
		assertThat(followed.follow(T)).isEqualTo(followed);
		FollowRelation unfollowed = followed.unfollow(T.plusSeconds(1));
		assertThat(unfollowed.unfollow(T.plusSeconds(1))).isEqualTo(unfollowed);
	}

	@Test
	void crowdsFollowTheFollowAgeAndTheFirstPurchase() {
		Instant now = T.plus(Duration.ofDays(40));
		FollowRelation fan = this.none.follow(T.plus(Duration.ofDays(20)));
		assertThat(fan.crowdsAt(now, OLD)).containsExactly(CrowdType.ALL_FANS);
		assertThat(fan.crowdsAt(T.plus(Duration.ofDays(50)), OLD)).containsExactly(CrowdType.ALL_FANS, CrowdType.OLD_FANS);
		assertThat(fan.purchase(T).crowdsAt(now, OLD)).containsExactly(CrowdType.ALL_FANS, CrowdType.BUY_FANS);
		assertThat(fan.purchase(T).unfollow(now).crowdsAt(now, OLD)).isEmpty();
	}

	@Test
	void thePurchaseKeptIsTheEarliest() {
		FollowRelation relation = this.none.purchase(T.plusSeconds(9)).purchase(T.plusSeconds(3)).purchase(T.plusSeconds(7));
		assertThat(relation.firstPurchaseAt()).isEqualTo(T.plusSeconds(3));
	}

	@Test
	void aSnapshotOlderThanAnUnfollowIsSuperseded() {
		FollowRelation unfollowed = this.none.follow(T).unfollow(T.plusSeconds(100));

		var merge = unfollowed.mergeSnapshot(T.plusSeconds(50), T, null);

		assertThat(merge.outcome()).isEqualTo(SnapshotOutcome.SUPERSEDED);
		assertThat(merge.relation().following()).isFalse();
	}

	@Test
	void aSnapshotNewerThanTheStoreCorrectsAMissedFollow() {
		var merge = this.none.mergeSnapshot(T.plusSeconds(50), T, T.plusSeconds(10));

		assertThat(merge.outcome()).isEqualTo(SnapshotOutcome.CORRECTED);
		assertThat(merge.relation().following()).isTrue();
		assertThat(merge.relation().followedAt()).isEqualTo(T);
		assertThat(merge.relation().firstPurchaseAt()).isEqualTo(T.plusSeconds(10));
		// a late event older than the snapshot cannot undo what the snapshot proved
		assertThat(merge.relation().unfollow(T.plusSeconds(20)).following()).isTrue();
	}

	@Test
	void aFollowingRelationIsConfirmedBySnapshots() {
		FollowRelation followed = this.none.follow(T);
		assertThat(followed.mergeSnapshot(T.plusSeconds(5), T, null).outcome()).isEqualTo(SnapshotOutcome.CONFIRMED);
		assertThat(followed.mergeSnapshot(T.plusSeconds(5), T, null).relation()).isEqualTo(followed);
	}

	@Test
	void absenceFromASnapshotEndsOnlyWhatIsOlderThanTheSnapshot() {
		FollowRelation followed = this.none.follow(T);
		assertThat(followed.absentFromSnapshot(T.plusSeconds(1)).following()).isFalse();
		assertThat(followed.absentFromSnapshot(T.plusSeconds(1)).unfollowedAt()).isEqualTo(T.plusSeconds(1));
		assertThat(followed.absentFromSnapshot(T).following()).isTrue();
		assertThat(followed.absentFromSnapshot(T.minusSeconds(1)).following()).isTrue();
	}

	/**
	 * Any order of a history's events (duplicated) ends in the state of the newest event: the rule
	 * that lets the consumers take events late, twice or shuffled.
	 */
	@Test
	void everyOrderOfAHistoryEndsInTheSameState() {
		Random random = new Random(42);
		for (int trial = 0; trial < 5_000; trial++) {
			List<UnaryOperator<FollowRelation>> events = new ArrayList<>();
			Instant at = T;
			boolean following = false;
			Instant followedAt = null;
			Instant firstPurchase = null;
			int count = 1 + random.nextInt(8);
			for (int i = 0; i < count; i++) {
				at = at.plusSeconds(1 + random.nextInt(3));
				Instant time = at;
				if (random.nextInt(4) == 0) {
					events.add((r) -> r.purchase(time));
					firstPurchase = (firstPurchase == null) ? time : firstPurchase;
				}
				else if (following) {
					events.add((r) -> r.unfollow(time));
					following = false;
					followedAt = null;
				}
				else {
					events.add((r) -> r.follow(time));
					following = true;
					followedAt = time;
				}
			}
			List<UnaryOperator<FollowRelation>> delivered = new ArrayList<>(events);
			delivered.addAll(events.subList(0, random.nextInt(events.size() + 1)));
			Collections.shuffle(delivered, random);
			FollowRelation relation = this.none;
			for (UnaryOperator<FollowRelation> event : delivered) {
				relation = event.apply(relation);
			}
			assertThat(relation.following()).as("trial %d", trial).isEqualTo(following);
			assertThat(relation.followedAt()).as("trial %d", trial).isEqualTo(followedAt);
			assertThat(relation.firstPurchaseAt()).as("trial %d", trial).isEqualTo(firstPurchase);
		}
	}

}
