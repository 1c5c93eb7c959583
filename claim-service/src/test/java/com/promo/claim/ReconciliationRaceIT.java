package com.promo.claim;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

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
 * settlement listener does it) must still count, or its unit goes back to the stock and is sold
 * twice (the database would then reject a claim that was answered 201). On the real Redis Cluster.
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
	void aClaimIssuedAfterTheIssuedCountWasReadStillCounts() {
		long template = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		reserve(template, 10, List.of("c1", "c2"));

		this.store.beginReconciliation(template);
		long issuedReadFromTheDatabase = 0;
		// meanwhile c1 is issued: the ledger says so, then it leaves the pending set
		settle(template, "c1");
		ClaimStore.Reconciled reconciled = this.store.reconcile(template, 10, issuedReadFromTheDatabase, List.of());

		assertThat(reconciled.remainingAfter()).as("c1's unit is not in stock again").isEqualTo(8);
		assertThat(this.redis.hasKey("{t:" + template + "}:reconciling")).as("the reconciliation ended").isFalse();
		settle(template, "c2");
		assertThat(this.redis.hasKey("{t:" + template + "}:reconciling")).as("no reconciliation, nothing recorded")
			.isFalse();
	}

	/**
	 * Claims settle one by one (ledger first, then Redis) while reconciliations run back to back:
	 * every claim is pending or issued all along, so no reconciliation may set more than
	 * {@code total - claims}; once all are issued, one more sets exactly that.
	 */
	@Test
	void reconciliationsRacingSettlementsNeverPutAnIssuedUnitBack() {
		long template = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		int total = 1000;
		int claims = 400;
		List<String> ids = java.util.stream.IntStream.range(0, claims).mapToObj(i -> "c" + i).toList();
		reserve(template, total, ids);
		AtomicLong issuedInDatabase = new AtomicLong();
		CompletableFuture<Void> settling = CompletableFuture.runAsync(() -> {
			for (String id : ids) {
				issuedInDatabase.incrementAndGet();
				settle(template, id);
			}
		});
		int rounds = 0;
		while (!settling.isDone()) {
			this.store.beginReconciliation(template);
			long issued = issuedInDatabase.get();
			ClaimStore.Reconciled reconciled = this.store.reconcile(template, total, issued, List.of());
			assertThat(reconciled.remainingAfter()).as("round %d (issued read as %d)", rounds, issued)
				.isLessThanOrEqualTo(total - claims);
			rounds++;
		}
		settling.join();
		assertThat(rounds).as("reconciliations overlapped the settlements").isGreaterThan(3);
		this.store.beginReconciliation(template);
		assertThat(this.store.reconcile(template, total, claims, List.of()).remainingAfter()).isEqualTo(total - claims);
	}

	private void settle(long template, String claimId) {
		this.store.settle(template, List.of(new ClaimStore.Settlement(claimId, "ISSUED", null, "7")));
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
