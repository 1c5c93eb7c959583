package com.promo.claim.claim;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** claim-service's ledger of accepted claims and how each was settled. */
@Repository
public class Claims {

	public record Claim(String claimId, long templateId, long userId, String status, Long couponId, String code,
			Instant claimedAt) {
	}

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	/** Read-only REPEATABLE READ: every statement in it reads the snapshot of its first (InnoDB). */
	private final TransactionTemplate oneSnapshot;

	Claims(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.oneSnapshot = new TransactionTemplate(transactions);
		this.oneSnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.oneSnapshot.setReadOnly(true);
	}

	/**
	 * Records accepted claims, one JDBC batch for many; a claim already known stays as it is. Rows
	 * are written in claim id order, as {@link #settle} writes them: the two consumers touch the same
	 * rows at once, and in arrival order their row locks deadlocked each other.
	 */
	void insertAccepted(List<ClaimAccepted> accepted) {
		if (accepted.isEmpty()) {
			return;
		}
		List<ClaimAccepted> inLockOrder = accepted.stream().sorted(Comparator.comparing(ClaimAccepted::claimId)).toList();
		this.jdbcTemplate.batchUpdate("""
				INSERT IGNORE INTO claim (claim_id, template_id, user_id, status, claimed_at, updated_at)
				VALUES (?, ?, ?, 'ACCEPTED', ?, ?)""", inLockOrder, 500, (ps, claim) -> {
			ps.setString(1, claim.claimId());
			ps.setLong(2, Long.parseLong(claim.templateId()));
			ps.setLong(3, Long.parseLong(claim.userId()));
			ps.setObject(4, UtcTime.toDb(claim.claimedAt()));
			ps.setObject(5, UtcTime.toDb(claim.claimedAt()));
		});
	}

	/**
	 * Records settlements, one multi-row upsert per 500 in claim id order (see {@link #insertAccepted}); a claim settles once (a repeat or a late
	 * ACCEPTED changes nothing), and a settlement that arrives before its acceptance creates the
	 * row (claimed at {@code claimedAt} of it).
	 */
	void settle(List<ClaimSettled> unordered, Function<ClaimSettled, Instant> claimedAt, Instant now) {
		List<ClaimSettled> settled = unordered.stream().sorted(Comparator.comparing(ClaimSettled::claimId)).toList();
		for (int from = 0; from < settled.size(); from += 500) {
			List<ClaimSettled> chunk = settled.subList(from, Math.min(from + 500, settled.size()));
			List<Object> args = new ArrayList<>(chunk.size() * 8);
			for (ClaimSettled s : chunk) {
				args.add(s.claimId());
				args.add(Long.parseLong(s.templateId()));
				args.add(Long.parseLong(s.userId()));
				args.add(s.outcome().name());
				args.add(s.couponId() == null ? null : Long.parseLong(s.couponId()));
				args.add(s.code());
				args.add(UtcTime.toDb(claimedAt.apply(s)));
				args.add(UtcTime.toDb(now));
			}
			// the status is assigned last: the other columns compare against the row's old status
			this.jdbcTemplate.update("""
					INSERT INTO claim (claim_id, template_id, user_id, status, coupon_id, code, claimed_at, updated_at)
					VALUES %s
					ON DUPLICATE KEY UPDATE
					  coupon_id = IF(status = 'ACCEPTED', VALUES(coupon_id), coupon_id),
					  code = IF(status = 'ACCEPTED', VALUES(code), code),
					  updated_at = IF(status = 'ACCEPTED', VALUES(updated_at), updated_at),
					  status = IF(status = 'ACCEPTED', VALUES(status), status)"""
				.formatted(String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?)"))),
					args.toArray());
		}
	}

	public Optional<Claim> find(String claimId) {
		return this.jdbc.sql("SELECT * FROM claim WHERE claim_id = :claimId")
			.param("claimId", claimId)
			.query(Claims::read)
			.optional();
	}

	/** The ledger entries of these claims (those it knows), by claim id. */
	public Map<String, Claim> findAll(List<String> claimIds) {
		Map<String, Claim> found = new LinkedHashMap<>();
		for (int from = 0; from < claimIds.size(); from += 1000) {
			this.jdbc.sql("SELECT * FROM claim WHERE claim_id IN (:ids)")
				.param("ids", claimIds.subList(from, Math.min(from + 1000, claimIds.size())))
				.query(Claims::read)
				.list()
				.forEach(claim -> found.put(claim.claimId(), claim));
		}
		return found;
	}

	public long countIssued(long templateId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM claim WHERE template_id = :t AND status = 'ISSUED'")
			.param("t", templateId)
			.query(Long.class)
			.single();
	}

	/** The issued count of a template, and which of some claims had been decided (issued or rejected) by then. */
	public record Counted(long issued, Set<String> decided) {
	}

	/**
	 * The issued count, and in the same snapshot of the ledger which of the claims that
	 * {@code candidates} names (asked after the count was read) were issued or rejected at that moment:
	 * a reconciliation then counts every claim once, whatever settles while it reads.
	 */
	public Counted countIssued(long templateId, Supplier<Collection<String>> candidates) {
		return this.oneSnapshot.execute(status -> {
			long issued = countIssued(templateId);
			List<String> ids = List.copyOf(candidates.get());
			Set<String> decided = new HashSet<>();
			for (int from = 0; from < ids.size(); from += 1000) {
				decided.addAll(this.jdbc
					.sql("SELECT claim_id FROM claim WHERE template_id = :t AND status <> 'ACCEPTED' AND claim_id IN (:ids)")
					.param("t", templateId)
					.param("ids", ids.subList(from, Math.min(from + 1000, ids.size())))
					.query(String.class)
					.list());
			}
			return new Counted(issued, decided);
		});
	}

	/** Accepted claims the wallet has not settled yet, oldest first. */
	public List<Claim> unsettled(long templateId) {
		return this.jdbc.sql("SELECT * FROM claim WHERE template_id = :t AND status = 'ACCEPTED' ORDER BY claimed_at")
			.param("t", templateId)
			.query(Claims::read)
			.list();
	}

	/** Claims that hold or used a unit (accepted or issued), per user. */
	Map<Long, Integer> claimsPerUser(long templateId) {
		Map<Long, Integer> counts = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT user_id, COUNT(*) FROM claim WHERE template_id = :t AND status IN ('ACCEPTED', 'ISSUED')
				GROUP BY user_id""")
			.param("t", templateId)
			.query((rs, row) -> Map.entry(rs.getLong(1), rs.getInt(2)))
			.list()
			.forEach(e -> counts.put(e.getKey(), e.getValue()));
		return counts;
	}

	private static Claim read(ResultSet rs, int row) throws SQLException {
		return new Claim(rs.getString("claim_id"), rs.getLong("template_id"), rs.getLong("user_id"),
				rs.getString("status"), rs.getObject("coupon_id", Long.class), rs.getString("code"),
				UtcTime.read(rs, "claimed_at"));
	}

}
