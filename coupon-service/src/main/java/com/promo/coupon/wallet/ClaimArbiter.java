package com.promo.coupon.wallet;

import java.time.Instant;
import java.util.Optional;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The database's final word on a claim, whatever Redis believed: a template never grants more than
 * its total stock and a user never more than the per-user limit. Both are guarded counters raised
 * only by conditional updates ({@code claimed_count < total_stock}, {@code granted < limit}) whose
 * row locks serialize concurrent settlements; the ledger records each claim's decision once, so a
 * redelivered claim gets the same answer. Runs in the caller's transaction (first database).
 */
@Component
class ClaimArbiter {

	/** A decision: granted with the coupon id to issue, or refused with a code. */
	record Decision(String claimId, boolean granted, Long couponId, String code) {
	}

	private final JdbcClient jdbc;

	ClaimArbiter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Decision decide(String claimId, long templateId, long userId, Instant claimedAt, Instant now) {
		Optional<Decision> earlier = find(claimId);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		Optional<Integer> perUserLimit = this.jdbc.sql("SELECT per_user_limit FROM coupon_template WHERE id = :id")
			.param("id", templateId)
			.query(Integer.class)
			.optional();
		Decision decision;
		if (perUserLimit.isEmpty()) {
			decision = new Decision(claimId, false, null, "NOT_CLAIMABLE");
		}
		else if (!takeStock(templateId)) {
			decision = new Decision(claimId, false, null, "SOLD_OUT");
		}
		else if (!takeUserSlot(templateId, userId, perUserLimit.get())) {
			giveStockBack(templateId);
			decision = new Decision(claimId, false, null, "LIMIT_REACHED");
		}
		else {
			decision = new Decision(claimId, true, TsidCreator.getTsid().toLong(), null);
		}
		this.jdbc.sql("""
				INSERT INTO claim_ledger (claim_id, template_id, user_id, outcome, code, coupon_id, claimed_at, created_at)
				VALUES (:claimId, :templateId, :userId, :outcome, :code, :couponId, :claimedAt, :now)""")
			.param("claimId", claimId)
			.param("templateId", templateId)
			.param("userId", userId)
			.param("outcome", decision.granted() ? "GRANTED" : "REJECTED")
			.param("code", decision.code())
			.param("couponId", decision.couponId())
			.param("claimedAt", UtcTime.toDb(claimedAt))
			.param("now", UtcTime.toDb(now))
			.update();
		return decision;
	}

	private Optional<Decision> find(String claimId) {
		return this.jdbc.sql("SELECT outcome, code, coupon_id FROM claim_ledger WHERE claim_id = :claimId")
			.param("claimId", claimId)
			.query((rs, row) -> new Decision(claimId, "GRANTED".equals(rs.getString("outcome")),
					rs.getObject("coupon_id", Long.class), rs.getString("code")))
			.optional();
	}

	private boolean takeStock(long templateId) {
		return this.jdbc.sql("""
				UPDATE coupon_template SET claimed_count = claimed_count + 1
				WHERE id = :id AND claimed_count < total_stock""").param("id", templateId).update() == 1;
	}

	private void giveStockBack(long templateId) {
		this.jdbc.sql("UPDATE coupon_template SET claimed_count = claimed_count - 1 WHERE id = :id")
			.param("id", templateId)
			.update();
	}

	private boolean takeUserSlot(long templateId, long userId, int limit) {
		this.jdbc.sql("INSERT IGNORE INTO claim_user_count (template_id, user_id, granted) VALUES (:t, :u, 0)")
			.param("t", templateId)
			.param("u", userId)
			.update();
		return this.jdbc.sql("""
				UPDATE claim_user_count SET granted = granted + 1
				WHERE template_id = :t AND user_id = :u AND granted < :limit""")
			.param("t", templateId)
			.param("u", userId)
			.param("limit", limit)
			.update() == 1;
	}

}
