package com.promo.claim.flashsale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.promo.contracts.flashsale.FlashSaleReserved;

/**
 * The ledger's arbiter over a batch of new reservations of one sale: a plain rule, tested without
 * Spring. In transaction id order (the order Redis handed the units out), a reservation is
 * RESERVED while the sale's {@code reserved + paid} stays within its total and the buyer's units
 * within the per-user limit; beyond either (a Redis that lost writes in a failover) it is
 * REJECTED, the stock checked first, and it takes nothing.
 */
final class ArbiterRule {

	record Verdict(FlashSaleReserved reservation, Transaction.Status status, String code) {
	}

	/**
	 * @param verdicts one per reservation, in the order given
	 * @param held the units of every buyer whose count changed, after the batch, by user id
	 */
	record Outcome(List<Verdict> verdicts, Map<Long, Integer> held, int reserved, int rejected) {
	}

	private ArbiterRule() {
	}

	/**
	 * @param used the sale's {@code reserved + paid} before the batch
	 * @param heldBefore units per buyer before the batch (buyers without a row: absent)
	 */
	static Outcome judge(List<FlashSaleReserved> inOrder, int used, int totalStock, int perUserLimit,
			Map<Long, Integer> heldBefore) {
		Map<Long, Integer> held = new HashMap<>(heldBefore);
		Map<Long, Integer> changed = new TreeMap<>();
		List<Verdict> verdicts = new ArrayList<>(inOrder.size());
		int reserved = 0;
		for (FlashSaleReserved r : inOrder) {
			long userId = Long.parseLong(r.userId());
			int units = held.getOrDefault(userId, 0);
			if (used + reserved >= totalStock) {
				verdicts.add(new Verdict(r, Transaction.Status.REJECTED, "SOLD_OUT"));
			}
			else if (units >= perUserLimit) {
				verdicts.add(new Verdict(r, Transaction.Status.REJECTED, "LIMIT_REACHED"));
			}
			else {
				reserved++;
				held.put(userId, units + 1);
				changed.put(userId, units + 1);
				verdicts.add(new Verdict(r, Transaction.Status.RESERVED, null));
			}
		}
		return new Outcome(verdicts, changed, reserved, inOrder.size() - reserved);
	}

}
