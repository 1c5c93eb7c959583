package com.promo.crowd;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.promo.crowd.reader.CrowdMembershipReader;
import com.promo.crowd.relation.CrowdType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random histories of follows, unfollows and orders for thousands of relations, delivered late,
 * twice and shuffled (in four windows of time), with snapshots of random age loaded by the batch in
 * between, and some unfollows lost for good. At every checkpoint the relation store (strong mode)
 * equals the ground truth for every relation whose events all arrived, and Redis agrees with it;
 * after the last batch plus one membership expiry, Redis and the store equal the truth for every
 * relation, lost unfollows included.
 */
class MembershipPropertyIT extends CrowdSyncTestBase {

	static final int RELATIONS = 2_000;

	static final int USERS = 400;

	static final int ROUNDS = 4;

	static final Duration OLD_FAN_AGE = Duration.ofDays(30);

	@Autowired
	CrowdMembershipReader reader;

	record Event(int relation, char kind, Instant at) {
	}

	record Relation(long user, long seller, List<Event> follows, List<Instant> paid) {

		boolean followingAt(Instant t) {
			Event last = null;
			for (Event event : this.follows) {
				if (!event.at().isAfter(t)) {
					last = event;
				}
			}
			return last != null && last.kind() == 'F';
		}

		Instant followedAt(Instant t) {
			Instant since = null;
			for (Event event : this.follows) {
				if (!event.at().isAfter(t)) {
					since = (event.kind() == 'F') ? event.at() : null;
				}
			}
			return since;
		}

		Instant firstPaidBy(Instant t) {
			return this.paid.stream().filter((p) -> !p.isAfter(t)).min(Instant::compareTo).orElse(null);
		}

		Set<CrowdType> crowdsAt(Instant t, Instant now) {
			Set<CrowdType> crowds = EnumSet.noneOf(CrowdType.class);
			if (followingAt(t)) {
				crowds.add(CrowdType.ALL_FANS);
				if (!followedAt(t).isAfter(now.minus(OLD_FAN_AGE))) {
					crowds.add(CrowdType.OLD_FANS);
				}
				if (firstPaidBy(t) != null) {
					crowds.add(CrowdType.BUY_FANS);
				}
			}
			return crowds;
		}

	}

	@Test
	void redisAndTheStoreConvergeOnTheTruthWhateverTheOrderDuplicatesSnapshotsAndLosses() throws Exception {
		long seed = Long.getLong("promo.property.seed", System.nanoTime());
		Random random = new Random(seed);
		Instant start = now().minus(Duration.ofDays(60));
		Instant end = now().minus(Duration.ofDays(2));
		List<Relation> relations = histories(random, start, end);
		List<Event> events = new ArrayList<>();
		for (int i = 0; i < relations.size(); i++) {
			for (Event event : relations.get(i).follows()) {
				events.add(event);
			}
			for (Instant paid : relations.get(i).paid()) {
				events.add(new Event(i, 'P', paid));
			}
			if (random.nextInt(10) == 0) {
				events.add(new Event(i, 'R', end.minusSeconds(random.nextInt(3600)))); // refunds change nothing
			}
		}
		Set<Integer> lossy = new HashSet<>();
		List<Event> delivered = new ArrayList<>();
		Duration window = Duration.between(start, end).dividedBy(ROUNDS);
		for (int round = 1; round <= ROUNDS; round++) {
			Instant from = start.plus(window.multipliedBy(round - 1));
			Instant until = (round == ROUNDS) ? end : start.plus(window.multipliedBy(round));
			List<Event> batch = new ArrayList<>();
			for (Event event : events) {
				if (event.at().isAfter(from.minusMillis(1)) && !event.at().isAfter(until)
						&& !(round == 1 && event.at().isBefore(start))) {
					if (round == ROUNDS && event.kind() == 'U' && random.nextInt(30) == 0) {
						lossy.add(event.relation()); // this unfollow never arrives
						continue;
					}
					batch.add(event);
				}
			}
			for (int i = 0; i < delivered.size() / 5; i++) {
				batch.add(delivered.get(random.nextInt(delivered.size()))); // redelivered, late
			}
			batch.addAll(batch.subList(0, batch.size() / 5)); // and twice
			Collections.shuffle(batch, random);
			deliver(relations, batch);
			delivered.addAll(batch);
			checkpoint(relations, until, lossy, "after round " + round + " (seed " + seed + ")");

			if (round < ROUNDS) {
				Instant snapshotTime = start.plusMillis((long) (random.nextDouble() * Duration.between(start, until).toMillis()));
				runBatch(snapshotAt(relations, snapshotTime), snapshotTime);
				checkpoint(relations, until, lossy, "after a snapshot of " + snapshotTime + " (seed " + seed + ")");
			}
		}

		CLOCK.advance(ttl().minusHours(1));
		Instant finalSnapshot = end.plusSeconds(1);
		String report = runBatch(snapshotAt(relations, finalSnapshot), finalSnapshot);
		CLOCK.advance(Duration.ofHours(2)); // every membership the batch did not refresh has expired

		checkpoint(relations, end, Set.of(), "after the last batch plus expiry (seed " + seed + ")");
		long lostStillFollowingBefore = lossy.stream().filter((i) -> !relations.get(i).followingAt(end)).count();
		assertThat(count(report, "missedUnfollows")).isGreaterThanOrEqualTo(lostStillFollowingBefore > 0 ? 1 : 0);
	}

	private List<Relation> histories(Random random, Instant start, Instant end) {
		long[] users = new long[USERS];
		for (int i = 0; i < USERS; i++) {
			users[i] = newId();
		}
		long span = Duration.between(start, end).toSeconds();
		// no follow within two days of the old-fan boundary: the checks run a day apart
		Instant boundary = now().minus(OLD_FAN_AGE);
		List<Relation> relations = new ArrayList<>();
		Set<String> pairs = new HashSet<>();
		while (relations.size() < RELATIONS) {
			long user = users[random.nextInt(USERS)];
			long seller = 800_000 + random.nextInt(60);
			if (!pairs.add(user + ":" + seller)) {
				continue;
			}
			int index = relations.size();
			List<Event> follows = new ArrayList<>();
			int count = 1 + random.nextInt(6);
			List<Long> offsets = new ArrayList<>();
			while (offsets.size() < count) {
				long offset = (long) (random.nextDouble() * span);
				Instant at = start.plusSeconds(offset);
				if (Duration.between(at, boundary).abs().compareTo(Duration.ofDays(2)) > 0 && !offsets.contains(offset)) {
					offsets.add(offset);
				}
			}
			Collections.sort(offsets);
			for (int i = 0; i < count; i++) {
				follows.add(new Event(index, (i % 2 == 0) ? 'F' : 'U', start.plusSeconds(offsets.get(i))));
			}
			List<Instant> paid = new ArrayList<>();
			if (random.nextInt(3) == 0) {
				paid.add(start.plusSeconds((long) (random.nextDouble() * span)));
			}
			relations.add(new Relation(user, seller, follows, paid));
		}
		return relations;
	}

	/** Applies events as the consumers do: one thread per "partition", a user's events in one of them. */
	private void deliver(List<Relation> relations, List<Event> events) throws Exception {
		int partitions = 4;
		Map<Integer, List<Event>> byPartition = new HashMap<>();
		for (Event event : events) {
			byPartition.computeIfAbsent((int) (relations.get(event.relation()).user() % partitions), (p) -> new ArrayList<>())
				.add(event);
		}
		try (ExecutorService pool = Executors.newFixedThreadPool(partitions)) {
			List<Future<?>> done = new ArrayList<>();
			for (List<Event> partition : byPartition.values()) {
				done.add(pool.submit(() -> partition.forEach((event) -> apply(relations.get(event.relation()), event))));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
	}

	private void apply(Relation relation, Event event) {
		switch (event.kind()) {
			case 'F' -> this.relations.follow(relation.user(), relation.seller(), event.at());
			case 'U' -> this.relations.unfollow(relation.user(), relation.seller(), event.at());
			case 'P' -> this.relations.purchase(relation.user(), relation.seller(), event.at());
			default -> {
			}
		}
	}

	private Path snapshotAt(List<Relation> relations, Instant snapshotTime) throws Exception {
		List<String> lines = new ArrayList<>();
		lines.add("userId,sellerId,followedAt,firstPurchaseAt");
		for (Relation relation : relations) {
			if (relation.followingAt(snapshotTime)) {
				Instant paid = relation.firstPaidBy(snapshotTime);
				lines.add(row(relation.user(), relation.seller(), relation.followedAt(snapshotTime)) + ","
						+ ((paid != null) ? paid : ""));
			}
		}
		return snapshot(lines);
	}

	private void checkpoint(List<Relation> relations, Instant truthAt, Set<Integer> excluded, String when) {
		Instant now = now();
		Map<Long, List<String>> candidates = new HashMap<>();
		for (Relation relation : relations) {
			for (CrowdType type : CrowdType.values()) {
				candidates.computeIfAbsent(relation.user(), (u) -> new ArrayList<>()).add(type.crowdId(relation.seller()));
			}
		}
		Map<Long, Set<String>> inRedis = new HashMap<>();
		candidates.forEach((user, crowds) -> inRedis.put(user, this.reader.memberships(Long.toString(user), crowds)));
		int checked = 0;
		for (int i = 0; i < relations.size(); i++) {
			if (excluded.contains(i)) {
				continue;
			}
			Relation relation = relations.get(i);
			Set<CrowdType> truth = relation.crowdsAt(truthAt, now);
			Set<CrowdType> stored = this.store.findOrAbsent(relation.user(), relation.seller()).crowdsAt(now, OLD_FAN_AGE);
			assertThat(stored).as("store, relation %d %s, %s", i, relation, when).isEqualTo(truth);
			for (CrowdType type : CrowdType.values()) {
				assertThat(inRedis.get(relation.user()).contains(type.crowdId(relation.seller())))
					.as("redis %s, relation %d %s, %s", type, i, relation, when)
					.isEqualTo(truth.contains(type));
			}
			if (i % 100 == 0) {
				assertThat(strong(relation.user(), CrowdType.ALL_FANS.crowdId(relation.seller())))
					.as("strong mode over HTTP, relation %d, %s", i, when)
					.isEqualTo(truth.contains(CrowdType.ALL_FANS));
			}
			checked++;
		}
		assertThat(checked).isGreaterThan(RELATIONS * 9 / 10);
	}

}
