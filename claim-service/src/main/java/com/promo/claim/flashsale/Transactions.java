package com.promo.claim.flashsale;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.promo.contracts.flashsale.FlashSaleReserved;
import com.promo.runtime.UtcTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger log = LoggerFactory.getLogger(Transactions.class);

	/** Rows per statement: well within MariaDB's placeholder and packet limits. */
	private static final int CHUNK = 500;

	private final JdbcTemplate jdbc;

	Transactions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a poll's reservations once each (a redelivered one changes nothing) and judges the new
	 * ones with {@link ArbiterRule}: per sale one locked read of its counters and its buyers' rows,
	 * then one multi-row insert of the transactions and one write per counter table. The sale's
	 * row is locked first, so the ledger's writers of one sale take turns; buyer rows are written
	 * in user id order and only after it, as expiry (transaction, sale, buyer) and payment
	 * (transaction, sale) lock them, so no two of them wait on each other in a circle.
	 * @return the new transactions the arbiter REJECTED (reservations of sales this ledger does not
	 * know are skipped: someone else's database)
	 */
	@Transactional
	List<ArbiterRule.Verdict> recordAll(List<FlashSaleReserved> reservations) {
		Set<String> known = existing(reservations.stream().map(FlashSaleReserved::transactionId).toList());
		Map<Long, List<FlashSaleReserved>> bySale = new TreeMap<>();
		reservations.stream()
			.filter(r -> !known.contains(r.transactionId()))
			.sorted(Comparator.comparing(FlashSaleReserved::transactionId))
			.forEach(r -> bySale.computeIfAbsent(Long.parseLong(r.templateId()), t -> new ArrayList<>()).add(r));
		List<ArbiterRule.Verdict> rejected = new ArrayList<>();
		bySale.forEach((templateId, fresh) -> record(templateId, dedupe(fresh), rejected));
		return rejected;
	}

	private void record(long templateId, List<FlashSaleReserved> fresh, List<ArbiterRule.Verdict> rejected) {
		List<int[]> sale = this.jdbc.query(
				"SELECT reserved_count + paid_count, total_stock, per_user_limit FROM flash_sale WHERE template_id = ? FOR UPDATE",
				(rs, i) -> new int[] { rs.getInt(1), rs.getInt(2), rs.getInt(3) }, templateId);
		if (sale.isEmpty()) {
			log.warn("{} reservations of unknown sale {} skipped", fresh.size(), templateId);
			return;
		}
		int[] counts = sale.get(0);
		ArbiterRule.Outcome outcome = ArbiterRule.judge(fresh, counts[0], counts[1], counts[2], held(templateId, fresh));
		insert(outcome.verdicts());
		outcome.verdicts().stream().filter(v -> v.status() == Transaction.Status.REJECTED).forEach(rejected::add);
		if (!outcome.held().isEmpty()) {
			List<Object> args = new ArrayList<>(outcome.held().size() * 3);
			outcome.held().forEach((userId, units) -> {
				args.add(templateId);
				args.add(userId);
				args.add(units);
			});
			this.jdbc.update("INSERT INTO flash_sale_buyer (template_id, user_id, held) VALUES %s ON DUPLICATE KEY UPDATE held = VALUES(held)"
				.formatted(rows(outcome.held().size(), "(?, ?, ?)")), args.toArray());
		}
		this.jdbc.update(
				"UPDATE flash_sale SET reserved_count = reserved_count + ?, rejected_count = rejected_count + ? WHERE template_id = ?",
				outcome.reserved(), outcome.rejected(), templateId);
	}

	/** The transaction ids among these that the ledger already holds. */
	private Set<String> existing(List<String> transactionIds) {
		Set<String> found = new HashSet<>();
		for (List<String> chunk : chunks(transactionIds, CHUNK)) {
			found.addAll(this.jdbc.queryForList("SELECT transaction_id FROM flash_transaction WHERE transaction_id IN (%s)"
				.formatted(rows(chunk.size(), "?")), String.class, chunk.toArray()));
		}
		return found;
	}

	/** One reservation per transaction id (a record delivered twice in one poll counts once). */
	private static List<FlashSaleReserved> dedupe(List<FlashSaleReserved> sorted) {
		List<FlashSaleReserved> once = new ArrayList<>(sorted.size());
		for (FlashSaleReserved r : sorted) {
			if (once.isEmpty() || !once.get(once.size() - 1).transactionId().equals(r.transactionId())) {
				once.add(r);
			}
		}
		return once;
	}

	/** The buyers' units before the batch, their rows locked (buyers without a row: absent). */
	private Map<Long, Integer> held(long templateId, List<FlashSaleReserved> fresh) {
		List<Long> users = fresh.stream().map(r -> Long.parseLong(r.userId())).distinct().sorted().toList();
		Map<Long, Integer> held = new HashMap<>();
		for (List<Long> chunk : chunks(users, CHUNK)) {
			List<Object> args = new ArrayList<>(chunk.size() + 1);
			args.add(templateId);
			args.addAll(chunk);
			this.jdbc.query("SELECT user_id, held FROM flash_sale_buyer WHERE template_id = ? AND user_id IN (%s) FOR UPDATE"
				.formatted(rows(chunk.size(), "?")), rs -> {
					held.put(rs.getLong(1), rs.getInt(2));
				}, args.toArray());
		}
		return held;
	}

	/**
	 * The judged transactions, one statement per chunk. A row that is already there means another
	 * consumer recorded the same reservation meanwhile (a rebalance): its counters would move twice,
	 * so everything rolls back and the redelivery finds the row.
	 */
	private void insert(List<ArbiterRule.Verdict> verdicts) {
		for (List<ArbiterRule.Verdict> chunk : chunks(verdicts, CHUNK)) {
			List<Object> args = new ArrayList<>(chunk.size() * 8);
			for (ArbiterRule.Verdict v : chunk) {
				FlashSaleReserved r = v.reservation();
				args.add(r.transactionId());
				args.add(Long.parseLong(r.templateId()));
				args.add(Long.parseLong(r.userId()));
				args.add(r.price());
				args.add(v.status().name());
				args.add(v.code());
				args.add(UtcTime.toDb(r.reservedAt()));
				args.add(UtcTime.toDb(r.payBefore()));
			}
			int inserted = this.jdbc.update("""
					INSERT IGNORE INTO flash_transaction (transaction_id, template_id, user_id, price, status, code, reserved_at, pay_before)
					VALUES %s""".formatted(rows(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?)")), args.toArray());
			if (inserted != chunk.size()) {
				throw new ConcurrentlyRecordedException(chunk.size() - inserted);
			}
		}
	}

	/** {@code list} in consecutive pieces of at most {@code size} (views, not copies). */
	static <T> List<List<T>> chunks(List<T> list, int size) {
		List<List<T>> chunks = new ArrayList<>((list.size() + size - 1) / size);
		for (int from = 0; from < list.size(); from += size) {
			chunks.add(list.subList(from, Math.min(from + size, list.size())));
		}
		return chunks;
	}

	private static String rows(int count, String row) {
		return String.join(", ", Collections.nCopies(count, row));
	}

	/** Another consumer recorded some of these reservations at the same time; the batch is retried. */
	static final class ConcurrentlyRecordedException extends IllegalStateException {

		ConcurrentlyRecordedException(int count) {
			super(count + " reservations were recorded by another consumer meanwhile; retrying the batch");
		}

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
	 * RESERVED → EXPIRED for those of {@code due} still RESERVED, in the caller's database
	 * transaction: their rows locked in id order (a payment or another pass that came first has
	 * moved them on, and the locking read sees it), then one update of them, one of each sale's
	 * counters and one of each buyer's row, in the order payment and the ledger lock them
	 * (transaction, sale, buyer). The caller gives the units back in Redis after the commit.
	 * @return the transactions this call expired
	 */
	List<Transaction> expireAll(List<Transaction> due, Instant now) {
		Map<String, Transaction> byId = new TreeMap<>();
		due.forEach(t -> byId.put(t.transactionId(), t));
		List<String> ids = new ArrayList<>(byId.keySet());
		List<Transaction> won = new ArrayList<>();
		for (List<String> chunk : chunks(ids, CHUNK)) {
			List<String> reserved = this.jdbc.queryForList("""
					SELECT transaction_id FROM flash_transaction WHERE transaction_id IN (%s) AND status = 'RESERVED'
					ORDER BY transaction_id FOR UPDATE""".formatted(rows(chunk.size(), "?")), String.class, chunk.toArray());
			if (reserved.isEmpty()) {
				continue;
			}
			List<Object> args = new ArrayList<>(reserved.size() + 1);
			args.add(UtcTime.toDb(now));
			args.addAll(reserved);
			this.jdbc.update("UPDATE flash_transaction SET status = 'EXPIRED', expired_at = ? WHERE transaction_id IN (%s)"
				.formatted(rows(reserved.size(), "?")), args.toArray());
			reserved.forEach(id -> won.add(byId.get(id)));
		}
		Map<Long, Integer> perSale = new TreeMap<>();
		// buyers in the order the ledger locks their rows
		Map<SaleBuyer, Integer> perBuyer = new TreeMap<>(
				Comparator.comparingLong(SaleBuyer::templateId).thenComparingLong(SaleBuyer::userId));
		for (Transaction t : won) {
			perSale.merge(t.templateId(), 1, Integer::sum);
			perBuyer.merge(new SaleBuyer(t.templateId(), t.userId()), 1, Integer::sum);
		}
		this.jdbc.batchUpdate(
				"UPDATE flash_sale SET reserved_count = reserved_count - ?, expired_count = expired_count + ? WHERE template_id = ?",
				perSale.entrySet().stream().map(e -> new Object[] { e.getValue(), e.getValue(), e.getKey() }).toList());
		// one unit off the buyer's count per expired reservation, never below zero
		this.jdbc.batchUpdate("UPDATE flash_sale_buyer SET held = held - LEAST(held, ?) WHERE template_id = ? AND user_id = ?",
				perBuyer.entrySet()
					.stream()
					.map(e -> new Object[] { e.getValue(), e.getKey().templateId(), e.getKey().userId() })
					.toList());
		return won;
	}

	/** A buyer of a sale. */
	private record SaleBuyer(long templateId, long userId) {
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

	/** Redis has these expired transactions' units back. */
	void markReleased(List<String> transactionIds) {
		for (List<String> chunk : chunks(transactionIds, CHUNK)) {
			this.jdbc.update("UPDATE flash_transaction SET released = TRUE WHERE transaction_id IN (%s)"
				.formatted(rows(chunk.size(), "?")), chunk.toArray());
		}
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
