package com.promo.coupon.wallet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.promo.coupon.wallet.Arbitration.Allowance;
import com.promo.coupon.wallet.Arbitration.UserSlot;
import com.promo.coupon.wallet.Arbitration.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArbitrationTest {

	@Test
	void grantsInArrivalOrderUntilTheStockIsGoneThenSaysSoldOut() {
		Arbitration arbitration = new Arbitration(Map.of(1L, new Allowance(2, 5)), Map.of());

		assertThat(arbitration.decide(1, 10)).isEqualTo(Verdict.GRANTED);
		assertThat(arbitration.decide(1, 11)).isEqualTo(Verdict.GRANTED);
		assertThat(arbitration.decide(1, 12)).isEqualTo(Verdict.SOLD_OUT);
		assertThat(arbitration.grantedPerTemplate()).containsExactly(Map.entry(1L, 2));
		assertThat(arbitration.grantedPerUser()).containsOnly(Map.entry(new UserSlot(1, 10), 1),
				Map.entry(new UserSlot(1, 11), 1));
	}

	@Test
	void aUserAtTheLimitIsRefusedCountingWhatTheyHeldBeforeTheBatch() {
		Arbitration arbitration = new Arbitration(Map.of(1L, new Allowance(10, 2)), Map.of(new UserSlot(1, 10), 1));

		assertThat(arbitration.decide(1, 10)).isEqualTo(Verdict.GRANTED);
		assertThat(arbitration.decide(1, 10)).isEqualTo(Verdict.LIMIT_REACHED);
		assertThat(arbitration.decide(1, 11)).isEqualTo(Verdict.GRANTED);
		assertThat(arbitration.grantedPerUser()).containsEntry(new UserSlot(1, 10), 1);
		assertThat(arbitration.grantedPerTemplate()).containsEntry(1L, 2);
	}

	@Test
	void soldOutIsCheckedBeforeTheUsersLimitAndAnUnknownTemplateIsNotClaimable() {
		Arbitration arbitration = new Arbitration(Map.of(1L, new Allowance(0, 1)), Map.of(new UserSlot(1, 10), 1));

		assertThat(arbitration.decide(1, 10)).isEqualTo(Verdict.SOLD_OUT);
		assertThat(arbitration.decide(2, 10)).isEqualTo(Verdict.NOT_CLAIMABLE);
		assertThat(Verdict.NOT_CLAIMABLE.code()).isEqualTo("NOT_CLAIMABLE");
		assertThat(Verdict.GRANTED.code()).isNull();
		assertThat(arbitration.grantedPerTemplate()).isEmpty();
	}

	@Test
	void templatesOfOneBatchAreDecidedApart() {
		Arbitration arbitration = new Arbitration(Map.of(1L, new Allowance(1, 1), 2L, new Allowance(1, 1)), Map.of());

		assertThat(arbitration.decide(1, 10)).isEqualTo(Verdict.GRANTED);
		assertThat(arbitration.decide(2, 10)).isEqualTo(Verdict.GRANTED);
		assertThat(arbitration.decide(2, 11)).isEqualTo(Verdict.SOLD_OUT);
		assertThat(arbitration.grantedPerTemplate()).containsOnly(Map.entry(1L, 1), Map.entry(2L, 1));
	}

	/** Random batches: never more than the stock, never more than the limit, totals agree with the verdicts. */
	@Test
	void randomBatchesNeverExceedTheStockOrAnyUsersLimit() {
		Random random = new Random(42);
		for (int run = 0; run < 2000; run++) {
			int stock = random.nextInt(20);
			int limit = 1 + random.nextInt(3);
			Map<UserSlot, Integer> before = new HashMap<>();
			for (int user = 0; user < 10; user++) {
				if (random.nextBoolean()) {
					before.put(new UserSlot(1, user), random.nextInt(limit + 1));
				}
			}
			Arbitration arbitration = new Arbitration(Map.of(1L, new Allowance(stock, limit)), before);
			List<Long> granted = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				long user = random.nextInt(10);
				if (arbitration.decide(1, user) == Verdict.GRANTED) {
					granted.add(user);
				}
			}
			assertThat(granted.size()).isLessThanOrEqualTo(stock);
			assertThat(arbitration.grantedPerTemplate().getOrDefault(1L, 0)).isEqualTo(granted.size());
			for (long user = 0; user < 10; user++) {
				long mine = granted.stream().filter(Long.valueOf(user)::equals).count();
				int held = before.getOrDefault(new UserSlot(1, user), 0);
				assertThat(held + mine).isLessThanOrEqualTo(Math.max(held, limit));
				assertThat(arbitration.grantedPerUser().getOrDefault(new UserSlot(1, user), 0)).isEqualTo((int) mine);
			}
		}
	}

}
