package com.promo.crowd;

import java.net.http.HttpResponse;
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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.promo.crowd.reader.CrowdMembershipReader;
import com.promo.crowd.relation.CrowdType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random histories of follows, unfollows, paid orders and refunds for thousands of relations,
 * delivered late, twice and shuffled (in four windows of time), with snapshots of random age loaded
 * by the batch in between, and some unfollows lost for good. Refunds travel the real order
 * pipeline (the HTTP ingest, the order topic, the consumer), some of a paid order, some of an
 * order whose payment never reached the platform; the truth applies the domain's rule to them.
 * At every checkpoint the relation store (strong mode) equals the ground truth for every relation
 * whose events all arrived, and Redis agrees with it; after the last batch plus one membership
 * expiry, Redis and the store equal the truth for every relation, lost unfollows included.
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

	/**
	 * One relation's history. {@code refunded}: refunds of the user's orders with the seller, of a
	 * paid order or of one whose payment was never reported.
	 */
	record Relation(long user, long seller, List<Event> follows, List<Instant> paid, List<Instant> refunded) {

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

		/**
		 * The buy_fans rule for orders (CrowdType.BUY_FANS): the earliest PAID order by {@code t}
		 * counts; a refund neither takes a buyer out (having bought once is what counts) nor makes
		 * one (a refund alone is no purchase), so refunds, whenever they come, leave it as it is.
		 */
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
			for (Instant refunded : relations.get(i).refunded()) {
				events.add(new Event(i, 'R', refunded));
			}
		}
		assertThat(relations.stream().filter((r) -> !r.refunded().isEmpty() && r.paid().isEmpty()))
			.as("refunds without a paid order").hasSizeGreaterThan(RELATIONS / 40);
		assertThat(relations.stream().filter((r) -> !r.refunded().isEmpty() && !r.paid().isEmpty()))
			.as("refunds of a paid order").hasSizeGreaterThan(RELATIONS / 40);
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
			List<Instant> refunded = new ArrayList<>();
			if (random.nextInt(3) == 0) {
				Instant paidAt = start.plusSeconds((long) (random.nextDouble() * span));
				paid.add(paidAt);
				if (random.nextInt(3) == 0) { // that order refunded later
					refunded.add(paidAt.plusSeconds((long) (random.nextDouble() * Duration.between(paidAt, end).toSeconds())));
				}
			}
			else if (random.nextInt(10) == 0) { // a refund whose payment the platform never heard of
				refunded.add(start.plusSeconds((long) (random.nextDouble() * span)));
			}
			relations.add(new Relation(user, seller, follows, paid, refunded));
		}
		return relations;
	}

	/**
	 * Applies events as the consumers do: one thread per "partition", a user's events in one of
	 * them. Refunds go the whole way: the order ingest publishes them, the service's consumer
	 * applies (or ignores) them; each of their users then gets a paid order with a seller of no
	 * relation, behind the refunds on the user's partition, and once the store has every one of
	 * those, every refund before them has been consumed.
	 */
	private void deliver(List<Relation> relations, List<Event> events) throws Exception {
		List<String> refunds = new ArrayList<>();
		Set<Long> refundedUsers = new HashSet<>();
		for (Event event : events) {
			if (event.kind() == 'R') {
				Relation relation = relations.get(event.relation());
				refunds.add(orderEvent(relation.user(), relation.seller(), "REFUNDED", event.at()));
				refundedUsers.add(relation.user());
			}
		}
		Instant markedAt = now().minus(Duration.ofDays(1));
		for (long user : refundedUsers) {
			refunds.add(orderEvent(user, CONSUMED_MARK_SELLER, "PAID", markedAt));
		}
		for (int from = 0; from < refunds.size(); from += 500) {
			HttpResponse<String> accepted = api().post("/internal/events/order", SERVICE,
					"[" + String.join(",", refunds.subList(from, Math.min(refunds.size(), from + 500))) + "]");
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		}
		int partitions = 4;
		Map<Integer, List<Event>> byPartition = new HashMap<>();
		for (Event event : events) {
			if (event.kind() == 'R') {
				continue;
			}
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
		await().atMost(Duration.ofSeconds(60))
			.until(() -> refundedUsers.stream()
				.allMatch((user) -> this.store.findOrAbsent(user, CONSUMED_MARK_SELLER).firstPurchaseAt() != null));
	}

	/** A seller none of the relations has: its paid orders only mark how far the consumer has read. */
	static final long CONSUMED_MARK_SELLER = 799_999;

	private static String orderEvent(long user, long seller, String status, Instant at) {
		return """
				{"eventId":"%s","orderId":"o-%s","userId":"%d","sellerId":"%d","status":"%s","amount":1888,"occurredAt":"%s"}"""
			.formatted(UUID.randomUUID(), UUID.randomUUID(), user, seller, status, at);
	}

	private void apply(Relation relation, Event event) {
		switch (event.kind()) {
			case 'F' -> this.relations.follow(relation.user(), relation.seller(), event.at());
			case 'U' -> this.relations.unfollow(relation.user(), relation.seller(), event.at());
			case 'P' -> this.relations.purchase(relation.user(), relation.seller(), event.at());
			default -> throw new IllegalArgumentException("not applied here: " + event);
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
