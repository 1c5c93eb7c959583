package com.promo.claim.flashsale;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.promo.contracts.flashsale.FlashSaleReserved;
import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * claim-service's ledger of flash-sale transactions and the database arbiter. Every change of a
 * transaction's state is one conditional update ({@code WHERE status = 'RESERVED'}), and the sale's
 * and buyer's counters move in the same database transaction: whoever wins the update (an expiry
 * on any instance, a payment) is the only one that moves them.
 */
@Repository
class Transactions {

	private final JdbcTemplate jdbc;

	Transactions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a reservation once (a redelivery changes nothing). The arbiter: the sale's
	 * {@code reserved + paid} may not pass its total, nor the buyer's units its limit; a reservation
	 * beyond either (a Redis that lost writes in a failover) is REJECTED, never sold.
	 * @return the transaction's state after recording
	 */
	@Transactional
	Transaction.Status record(FlashSaleReserved r, int perUserLimit) {
		long templateId = Long.parseLong(r.templateId());
		long userId = Long.parseLong(r.userId());
		int inserted = this.jdbc.update("""
				INSERT IGNORE INTO flash_transaction (transaction_id, template_id, user_id, price, status, reserved_at, pay_before)
				VALUES (?, ?, ?, ?, 'RESERVED', ?, ?)""", r.transactionId(), templateId, userId, r.price(),
				UtcTime.toDb(r.reservedAt()), UtcTime.toDb(r.payBefore()));
		if (inserted == 0) {
			return find(r.transactionId()).map(Transaction::status).orElseThrow();
		}
		int unit = this.jdbc.update("""
				UPDATE flash_sale SET reserved_count = reserved_count + 1
				WHERE template_id = ? AND reserved_count + paid_count < total_stock""", templateId);
		if (unit == 0) {
			return reject(r.transactionId(), templateId, "SOLD_OUT");
		}
		this.jdbc.update("INSERT IGNORE INTO flash_sale_buyer (template_id, user_id, held) VALUES (?, ?, 0)", templateId,
				userId);
		int held = this.jdbc.update(
				"UPDATE flash_sale_buyer SET held = held + 1 WHERE template_id = ? AND user_id = ? AND held < ?",
				templateId, userId, perUserLimit);
		if (held == 0) {
			this.jdbc.update("UPDATE flash_sale SET reserved_count = reserved_count - 1 WHERE template_id = ?", templateId);
			return reject(r.transactionId(), templateId, "LIMIT_REACHED");
		}
		return Transaction.Status.RESERVED;
	}

	private Transaction.Status reject(String transactionId, long templateId, String code) {
		this.jdbc.update("UPDATE flash_transaction SET status = 'REJECTED', code = ? WHERE transaction_id = ?", code,
				transactionId);
		this.jdbc.update("UPDATE flash_sale SET rejected_count = rejected_count + 1 WHERE template_id = ?", templateId);
		return Transaction.Status.REJECTED;
	}

	Optional<Transaction> find(String transactionId) {
		return this.jdbc.query("SELECT * FROM flash_transaction WHERE transaction_id = ?", Transactions::map, transactionId)
			.stream()
			.findFirst();
	}

	/** The transaction, locked until the caller's database transaction ends. */
	Optional<Transaction> lock(String transactionId) {
		return this.jdbc
			.query("SELECT * FROM flash_transaction WHERE transaction_id = ? FOR UPDATE", Transactions::map, transactionId)
			.stream()
			.findFirst();
	}

	/** RESERVED → PAID, with the sale's counters; false when it was no longer RESERVED. */
	boolean pay(Transaction tx, long amount, Instant paidAt, String providerRef) {
		int won = this.jdbc.update("""
				UPDATE flash_transaction SET status = 'PAID', paid_at = ?, paid_amount = ?, provider_ref = ?
				WHERE transaction_id = ? AND status = 'RESERVED'""", UtcTime.toDb(paidAt), amount, providerRef,
				tx.transactionId());
		if (won == 1) {
			this.jdbc.update(
					"UPDATE flash_sale SET reserved_count = reserved_count - 1, paid_count = paid_count + 1 WHERE template_id = ?",
					tx.templateId());
		}
		return won == 1;
	}

	/**
	 * RESERVED → EXPIRED: the unit and the buyer's count return in the ledger; the caller gives them
	 * back in Redis after the commit. False when another instance (or a payment) came first.
	 */
	boolean expire(Transaction tx, Instant now) {
		int won = this.jdbc.update("""
				UPDATE flash_transaction SET status = 'EXPIRED', expired_at = ?
				WHERE transaction_id = ? AND status = 'RESERVED'""", UtcTime.toDb(now), tx.transactionId());
		if (won == 1) {
			this.jdbc.update("""
					UPDATE flash_sale SET reserved_count = reserved_count - 1, expired_count = expired_count + 1
					WHERE template_id = ?""", tx.templateId());
			this.jdbc.update("UPDATE flash_sale_buyer SET held = held - 1 WHERE template_id = ? AND user_id = ? AND held > 0",
					tx.templateId(), tx.userId());
		}
		return won == 1;
	}

	/** Keeps the first late payment on the transaction (reconciliation lists it as missing internally). */
	void recordLatePayment(String transactionId, long amount, Instant paidAt, String providerRef) {
		this.jdbc.update("""
				UPDATE flash_transaction SET late_paid_at = ?, late_amount = ?, late_provider_ref = ?
				WHERE transaction_id = ? AND late_provider_ref IS NULL""", UtcTime.toDb(paidAt), amount, providerRef,
				transactionId);
	}

	/** Every notification, once per (transaction, providerRef). */
	void recordPayment(String transactionId, String providerRef, long amount, Instant paidAt, String outcome,
			Instant now) {
		this.jdbc.update("""
				INSERT IGNORE INTO flash_payment (transaction_id, provider_ref, amount, paid_at, outcome, recorded_at)
				VALUES (?, ?, ?, ?, ?, ?)""", transactionId, providerRef, amount, UtcTime.toDb(paidAt), outcome,
				UtcTime.toDb(now));
	}

	/** RESERVED transactions whose window closed, oldest first. */
	List<Transaction> due(Instant now, int limit) {
		return this.jdbc.query("""
				SELECT * FROM flash_transaction WHERE status = 'RESERVED' AND pay_before <= ?
				ORDER BY pay_before LIMIT ?""", Transactions::map, UtcTime.toDb(now), limit);
	}

	/** EXPIRED transactions whose unit Redis has not been given back yet. */
	List<Transaction> unreleased(int limit) {
		return this.jdbc.query("SELECT * FROM flash_transaction WHERE status = 'EXPIRED' AND released = FALSE LIMIT ?",
				Transactions::map, limit);
	}

	void markReleased(String transactionId) {
		this.jdbc.update("UPDATE flash_transaction SET released = TRUE WHERE transaction_id = ?", transactionId);
	}

	private static Transaction map(ResultSet rs, int row) throws SQLException {
		long paidAmount = rs.getLong("paid_amount");
		Long paid = rs.wasNull() ? null : paidAmount;
		long lateAmount = rs.getLong("late_amount");
		Long late = rs.wasNull() ? null : lateAmount;
		return new Transaction(rs.getString("transaction_id"), rs.getLong("template_id"), rs.getLong("user_id"),
				rs.getLong("price"), Transaction.Status.valueOf(rs.getString("status")), rs.getString("code"),
				UtcTime.read(rs, "reserved_at"), UtcTime.read(rs, "pay_before"), UtcTime.read(rs, "paid_at"), paid,
				rs.getString("provider_ref"), UtcTime.read(rs, "late_paid_at"), late, rs.getString("late_provider_ref"));
	}

}
