package com.promo.coupon.wallet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.promo.coupon.FirstDatabase;
import com.promo.coupon.wallet.Arbitration.UserSlot;
import com.promo.runtime.UtcTime;

import org.springframework.stereotype.Component;

/**
 * The arbiter's records in the first database: {@code claim_ledger} (every decided claim, once)
 * and {@code claim_user_count} (coupons granted per user and template). Each method is one
 * statement for a whole batch, run in the caller's transaction ({@link FirstDatabase}).
 */
@Component
class ClaimLedger {

	/** A recorded decision: granted with its coupon id, or refused with a code. */
	record Decision(String claimId, long templateId, long userId, boolean granted, Long couponId, String code,
			Instant claimedAt) {
	}

	private final FirstDatabase database;

	ClaimLedger(FirstDatabase database) {
		this.database = database;
	}

	/** The decisions already recorded for any of these claims, by claim id. */
	Map<String, Decision> find(Collection<String> claimIds) {
		Map<String, Decision> found = new HashMap<>();
		for (List<String> part : MultiRowSql.chunks(new ArrayList<>(claimIds))) {
			this.database.jdbc().query("""
					SELECT claim_id, template_id, user_id, outcome, code, coupon_id, claimed_at FROM claim_ledger
					WHERE claim_id IN (%s)""".formatted(MultiRowSql.inList(part.size())), rs -> {
				found.put(rs.getString("claim_id"), new Decision(rs.getString("claim_id"), rs.getLong("template_id"),
						rs.getLong("user_id"), "GRANTED".equals(rs.getString("outcome")),
						rs.getObject("coupon_id", Long.class), rs.getString("code"), UtcTime.read(rs, "claimed_at")));
			}, part.toArray());
		}
		return found;
	}

	void record(List<Decision> decisions, Instant now) {
		for (List<Decision> part : MultiRowSql.chunks(decisions)) {
			List<Object> args = new ArrayList<>(part.size() * 8);
			for (Decision d : part) {
				Collections.addAll(args, d.claimId(), d.templateId(), d.userId(), d.granted() ? "GRANTED" : "REJECTED",
						d.code(), d.couponId(), UtcTime.toDb(d.claimedAt()), UtcTime.toDb(now));
			}
			// a plain INSERT: under the templates' locks nobody else can have decided these claims
			this.database.jdbc().update("""
					INSERT INTO claim_ledger (claim_id, template_id, user_id, outcome, code, coupon_id, claimed_at, created_at)
					VALUES %s""".formatted(MultiRowSql.repeat("(?, ?, ?, ?, ?, ?, ?, ?)", part.size())), args.toArray());
		}
	}

	/** Coupons each of these users holds of the template (absent: none). */
	Map<UserSlot, Integer> held(long templateId, Collection<Long> userIds) {
		Map<UserSlot, Integer> held = new HashMap<>();
		for (List<Long> part : MultiRowSql.chunks(new ArrayList<>(userIds))) {
			List<Object> args = new ArrayList<>(part.size() + 1);
			args.add(templateId);
			args.addAll(part);
			this.database.jdbc().query("""
					SELECT user_id, granted FROM claim_user_count WHERE template_id = ? AND user_id IN (%s)"""
				.formatted(MultiRowSql.inList(part.size())),
					rs -> {
						held.put(new UserSlot(templateId, rs.getLong("user_id")), rs.getInt("granted"));
					}, args.toArray());
		}
		return held;
	}

	/** Raises the per-user counters by what a batch granted (rows are created on first grant). */
	void addGranted(Map<UserSlot, Integer> granted) {
		for (List<Map.Entry<UserSlot, Integer>> part : MultiRowSql.chunks(new ArrayList<>(granted.entrySet()))) {
			List<Object> args = new ArrayList<>(part.size() * 3);
			for (Map.Entry<UserSlot, Integer> entry : part) {
				Collections.addAll(args, entry.getKey().templateId(), entry.getKey().userId(), entry.getValue());
			}
			this.database.jdbc().update("""
					INSERT INTO claim_user_count (template_id, user_id, granted) VALUES %s
					ON DUPLICATE KEY UPDATE granted = granted + VALUES(granted)""".formatted(MultiRowSql.repeat("(?, ?, ?)", part.size())),
					args.toArray());
		}
	}

}
