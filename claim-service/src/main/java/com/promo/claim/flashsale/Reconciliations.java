package com.promo.claim.flashsale;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reconciles a sale's PAID transactions with the payment provider's settlement file. The file
 * streams into {@code flash_settlement_row} in batches while it is read, and the comparison is a
 * join streamed back row by row, so memory holds a batch and the discrepancies, never the file.
 * Everything runs in one database transaction: a malformed file (or a duplicate transaction id in
 * it) rolls back and nothing is stored; a good one leaves exactly its report.
 * <p>
 * Idempotency-Key: the file is hashed (SHA-256) as it streams through, and the key and digest are
 * stored with the report under a unique index. A repeat with the key and the same file answers the
 * stored report (its file is hashed again, never buffered nor reconciled again); the key with
 * another file is a 409 {@code CONFLICT}. Two uploads racing with one key: the index lets one
 * report in, the other answers it (or 409).
 */
@Service
class Reconciliations {

	record Report(String id, String templateId, Instant createdAt, int rows, int matched,
			List<ReconciliationRule.Discrepancy> missingInternal, List<ReconciliationRule.Discrepancy> missingExternal,
			List<ReconciliationRule.Discrepancy> amountMismatches, int quantityDelta) {
	}

	private static final int BATCH = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<ReconciliationRule.Discrepancy>> LIST = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final FlashSaleMeters meters;

	private final Clock clock;

	Reconciliations(JdbcTemplate jdbc, TransactionTemplate tx, FlashSaleMeters meters, Clock clock) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.meters = meters;
		this.clock = clock;
	}

	/** A report and whether it is the stored answer to an earlier upload with the same key. */
	record Outcome(Report report, boolean replayed) {
	}

	/**
	 * @param idempotencyKey the caller's Idempotency-Key (1-64 characters), or null
	 * @throws SettlementFile.Malformed naming the line; nothing is stored then
	 * @throws ProblemException 409 when the key was used with another file
	 */
	Outcome reconcile(long templateId, InputStream body, String idempotencyKey) {
		HashedFile file = new HashedFile(body);
		if (idempotencyKey != null) {
			Optional<Keyed> earlier = keyed(templateId, idempotencyKey);
			if (earlier.isPresent()) {
				drain(file);
				return replay(templateId, earlier.get(), file, idempotencyKey);
			}
		}
		Report report;
		try {
			report = reconcile(templateId, file, idempotencyKey);
		}
		catch (DuplicateKeyException raced) {
			if (idempotencyKey == null) {
				throw raced; // not a key's race: nothing to answer instead
			}
			// another upload with this key stored its report first
			drain(file);
			return replay(templateId, keyed(templateId, idempotencyKey).orElseThrow(), file, idempotencyKey);
		}
		this.meters.reconciliation("matched", report.matched());
		this.meters.reconciliation("missingInternal", report.missingInternal().size());
		this.meters.reconciliation("missingExternal", report.missingExternal().size());
		this.meters.reconciliation("amountMismatches", report.amountMismatches().size());
		return new Outcome(report, false);
	}

	/** A stored report under an Idempotency-Key, with its file's digest. */
	private record Keyed(long id, String digest) {
	}

	private Optional<Keyed> keyed(long templateId, String key) {
		return this.jdbc
			.query("SELECT id, file_digest FROM flash_reconciliation WHERE template_id = ? AND idempotency_key = ?",
					(rs, i) -> new Keyed(rs.getLong(1), rs.getString(2)), templateId, key)
			.stream()
			.findFirst();
	}

	private Outcome replay(long templateId, Keyed earlier, HashedFile file, String key) {
		if (!earlier.digest().equals(file.hex())) {
			throw new ProblemException(ProblemCode.CONFLICT,
					"Idempotency-Key " + key + " was already used to upload a different settlement file");
		}
		return new Outcome(find(templateId, earlier.id()).orElseThrow(), true);
	}

	private Report reconcile(long templateId, HashedFile file, String idempotencyKey) {
		long id = TsidCreator.getTsid().toLong();
		return this.tx.execute(status -> {
			List<Object[]> batch = new ArrayList<>(BATCH);
			int rows = SettlementFile.read(unclosable(file), row -> {
				batch.add(new Object[] { id, row.line(), row.transactionId(), row.providerRef(), row.amount(),
						UtcTime.toDb(row.paidAt()) });
				if (batch.size() == BATCH) {
					insert(batch);
				}
			});
			insert(batch);
			rejectDuplicates(id);
			drain(file); // whatever follows the last row still belongs to the digest
			return compare(id, templateId, rows, idempotencyKey, file.hex());
		});
	}

	/** The upload, hashed (SHA-256) as it is read; {@link #hex} once it was read to its end. */
	private static final class HashedFile extends DigestInputStream {

		private String hex;

		HashedFile(InputStream body) {
			super(body, sha256());
		}

		private static MessageDigest sha256() {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Computed once: reading the digest resets it. */
		String hex() {
			if (this.hex == null) {
				this.hex = HexFormat.of().formatHex(getMessageDigest().digest());
			}
			return this.hex;
		}

	}

	/** The file for the parser, which closes what it reads: the rest still has to reach the digest. */
	private static InputStream unclosable(InputStream file) {
		return new FilterInputStream(file) {
			@Override
			public void close() {
			}
		};
	}

	private static void drain(InputStream file) {
		try {
			file.transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void insert(List<Object[]> batch) {
		if (!batch.isEmpty()) {
			this.jdbc.batchUpdate("""
					INSERT INTO flash_settlement_row (reconciliation_id, line, transaction_id, provider_ref, amount, paid_at)
					VALUES (?, ?, ?, ?, ?, ?)""", batch);
			batch.clear();
		}
	}

	/** A transaction id twice in one file: the file is wrong, at the second occurrence. */
	private void rejectDuplicates(long id) {
		List<Integer> lines = this.jdbc.queryForList("""
				SELECT MIN(b.line) FROM flash_settlement_row a JOIN flash_settlement_row b
				  ON b.reconciliation_id = a.reconciliation_id AND b.transaction_id = a.transaction_id AND b.line > a.line
				WHERE a.reconciliation_id = ?""", Integer.class, id);
		if (!lines.isEmpty() && lines.get(0) != null) {
			throw new SettlementFile.Malformed(lines.get(0), "transactionId appears on an earlier line already");
		}
	}

	private Report compare(long id, long templateId, int rows, String idempotencyKey, String digest) {
		List<ReconciliationRule.Discrepancy> missingInternal = new ArrayList<>();
		List<ReconciliationRule.Discrepancy> mismatches = new ArrayList<>();
		int[] matched = { 0 };
		this.jdbc.query("""
				SELECT r.transaction_id, r.provider_ref, r.amount, t.status, t.paid_amount
				FROM flash_settlement_row r
				LEFT JOIN flash_transaction t ON t.transaction_id = r.transaction_id AND t.template_id = ?
				WHERE r.reconciliation_id = ? ORDER BY r.line""", rs -> {
			long theirs = rs.getLong("amount");
			String status = rs.getString("status");
			long paid = rs.getLong("paid_amount");
			Long ours = rs.wasNull() ? null : paid;
			ReconciliationRule.Kind kind = ReconciliationRule.classify(theirs,
					status == null ? null : Transaction.Status.valueOf(status), ours);
			String transactionId = rs.getString("transaction_id");
			String providerRef = rs.getString("provider_ref");
			switch (kind) {
				case MATCHED -> matched[0]++;
				case MISSING_INTERNAL ->
					missingInternal.add(new ReconciliationRule.Discrepancy(transactionId, providerRef, null, theirs));
				case AMOUNT_MISMATCH ->
					mismatches.add(new ReconciliationRule.Discrepancy(transactionId, providerRef, ours, theirs));
			}
		}, templateId, id);
		List<ReconciliationRule.Discrepancy> missingExternal = this.jdbc.query("""
				SELECT t.transaction_id, t.provider_ref, t.paid_amount FROM flash_transaction t
				WHERE t.template_id = ? AND t.status = 'PAID' AND NOT EXISTS (
				  SELECT 1 FROM flash_settlement_row r WHERE r.reconciliation_id = ? AND r.transaction_id = t.transaction_id)
				ORDER BY t.transaction_id""",
				(rs, i) -> new ReconciliationRule.Discrepancy(rs.getString(1), rs.getString(2), rs.getLong(3), null),
				templateId, id);
		int ourPaid = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM flash_transaction WHERE template_id = ? AND status = 'PAID'", Integer.class,
				templateId);
		// what DATETIME(6) keeps of it, so that a replay answers the very same report
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Report report = new Report(Long.toString(id), Long.toString(templateId), now, rows, matched[0], missingInternal,
				missingExternal, mismatches, rows - ourPaid);
		this.jdbc.update("""
				INSERT INTO flash_reconciliation (id, template_id, created_at, file_rows, matched, quantity_delta,
				  missing_internal, missing_external, amount_mismatches, idempotency_key, file_digest)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", id,
				templateId, UtcTime.toDb(now), rows, report.matched(), report.quantityDelta(),
				JSON.writeValueAsString(missingInternal), JSON.writeValueAsString(missingExternal),
				JSON.writeValueAsString(mismatches), idempotencyKey, digest);
		this.jdbc.update("DELETE FROM flash_settlement_row WHERE reconciliation_id = ?", id);
		return report;
	}

	Optional<Report> find(long templateId, long id) {
		return this.jdbc
			.query("SELECT * FROM flash_reconciliation WHERE id = ? AND template_id = ?", Reconciliations::map, id,
					templateId)
			.stream()
			.findFirst();
	}

	PageResponse<Report> list(long templateId, PageQuery page) {
		long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_reconciliation WHERE template_id = ?",
				Long.class, templateId);
		List<Report> items = this.jdbc.query(
				"SELECT * FROM flash_reconciliation WHERE template_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
				Reconciliations::map, templateId, page.size(), page.offset());
		return new PageResponse<>(items, page.page(), page.size(), total);
	}

	private static Report map(ResultSet rs, int row) throws SQLException {
		return new Report(Long.toString(rs.getLong("id")), Long.toString(rs.getLong("template_id")),
				UtcTime.read(rs, "created_at"), rs.getInt("file_rows"), rs.getInt("matched"),
				JSON.readValue(rs.getString("missing_internal"), LIST), JSON.readValue(rs.getString("missing_external"), LIST),
				JSON.readValue(rs.getString("amount_mismatches"), LIST), rs.getInt("quantity_delta"));
	}

}
