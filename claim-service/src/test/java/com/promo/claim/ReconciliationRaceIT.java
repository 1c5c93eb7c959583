package com.promo.claim;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.promo.claim.claim.ClaimStore;
import com.promo.testsupport.PromoTestProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciliation reads the database's issued count and Redis's pending claims at two moments;
 * a claim issued in between (the ledger first, then its removal from the pending set, as the
 * settlement listener does it) must count exactly once: not at all, and its unit goes back to the
 * stock and is sold twice (the database would then reject a claim that was answered 201); twice,
 * and the stock comes out low (a sale ends with units unsold). The database's side is played by
 * the test: what it had issued and decided when the count was read. On the real Redis Cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "promo.claim.reconcile-interval=1h")
class ReconciliationRaceIT {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_claim");
	}

	@Autowired
	ClaimStore store;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void aClaimIssuedAfterTheIssuedCountWasReadCountsOnce() {
		long template = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		reserve(template, 10, List.of("c1", "c2"));

		this.store.beginReconciliation(template);
		long issuedReadFromTheDatabase = 0;
		// meanwhile c1 is issued: the ledger says so, then it leaves the pending set
		settle(template, "c1", "ISSUED", null);
		assertThat(this.store.reconciliationCandidates(template)).containsExactlyInAnyOrder("c1", "c2");
		ClaimStore.Reconciled reconciled = this.store.reconcile(template, 10, issuedReadFromTheDatabase, List.of(),
				List.of());

		assertThat(reconciled.remainingAfter()).as("c1's unit is not in stock again").isEqualTo(8);
		assertThat(this.redis.hasKey("{t:" + template + "}:reconciling")).as("the reconciliation ended").isFalse();
		settle(template, "c2", "ISSUED", null);
		assertThat(this.redis.hasKey("{t:" + template + "}:reconciling")).as("no reconciliation, nothing recorded")
			.isFalse();
	}

	@Test
	void aClaimTheDatabaseHadIssuedWhenItCountedIsNotCountedAgain() {
		long template = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		reserve(template, 10, List.of("c1", "c2", "c3"));

		this.store.beginReconciliation(template);
		// the database counts c1 as issued; Redis hears of it only after the script below
		ClaimStore.Reconciled reconciled = this.store.reconcile(template, 10, 1, List.of(), List.of("c1"));

		assertThat(reconciled.remainingAfter()).as("10 - 1 issued - c2, c3 pending, c1 once").isEqualTo(7);
	}

	@Test
	void aClaimRejectedWhileTheReconciliationRunsHoldsNoUnit() {
		long template = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		reserve(template, 10, List.of("c1", "c2"));

		this.store.beginReconciliation(template);
		// the database rejects c1 after counting (limit reached: its unit comes back to the stock)
		settle(template, "c1", "REJECTED", "LIMIT_REACHED");
		ClaimStore.Reconciled reconciled = this.store.reconcile(template, 10, 0, List.of("c1"), List.of());

		assertThat(reconciled.remainingAfter()).as("only c2 holds a unit, though the database still named c1 unsettled")
			.isEqualTo(9);
	}

	/**
	 * Claims settle one by one (ledger first, then Redis) while reconciliations run back to back:
	 * every claim is pending or issued all along, so every reconciliation sets exactly
	 * {@code total - claims}.
	 */
	@Test
	void reconciliationsRacingSettlementsSetTheStockExactly() {
		long template = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		int total = 1000;
		int claims = 400;
		List<String> ids = IntStream.range(0, claims).mapToObj(i -> "c" + i).toList();
		reserve(template, total, ids);
		AtomicInteger issuedInDatabase = new AtomicInteger();
		CompletableFuture<Void> settling = CompletableFuture.runAsync(() -> {
			for (String id : ids) {
				issuedInDatabase.incrementAndGet();
				settle(template, id, "ISSUED", null);
			}
		});
		int rounds = 0;
		while (!settling.isDone()) {
			this.store.beginReconciliation(template);
			int issued = issuedInDatabase.get();
			// the ledger's snapshot: c0 .. c(issued - 1) were issued when it counted
			Set<String> decided = this.store.reconciliationCandidates(template).stream()
				.filter(id -> Integer.parseInt(id.substring(1)) < issued)
				.collect(Collectors.toSet());
			ClaimStore.Reconciled reconciled = this.store.reconcile(template, total, issued, List.of(), decided);
			assertThat(reconciled.remainingAfter()).as("round %d (issued read as %d)", rounds, issued)
				.isEqualTo(total - claims);
			rounds++;
		}
		settling.join();
		assertThat(rounds).as("reconciliations overlapped the settlements").isGreaterThan(3);
		this.store.beginReconciliation(template);
		assertThat(this.store.reconcile(template, total, claims, List.of(), List.of()).remainingAfter())
			.isEqualTo(total - claims);
	}

	private void settle(long template, String claimId, String outcome, String code) {
		this.store.settle(template, List.of(new ClaimStore.Settlement(claimId, outcome, code, "7")));
	}

	/** Reserved claims as claim.lua leaves them: the stock taken, each claim pending. */
	private void reserve(long template, int total, List<String> claimIds) {
		String tag = "{t:" + template + "}:";
		this.redis.opsForValue().set(tag + "stock", Integer.toString(total - claimIds.size()));
		for (String id : claimIds) {
			this.redis.opsForZSet().add(tag + "pending", id, System.currentTimeMillis());
			this.redis.opsForHash().put(tag + "claims", id, "7");
		}
	}

}
