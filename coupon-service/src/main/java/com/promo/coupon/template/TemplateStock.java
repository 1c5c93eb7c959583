package com.promo.coupon.template;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.promo.contracts.coupon.Validity;
import com.promo.coupon.FirstDatabase;
import com.promo.runtime.UtcTime;

import org.springframework.stereotype.Component;

/**
 * The units a template has handed out ({@code coupon_template.claimed_count}), owned by the
 * template feature: the wallet's settlement locks the rows of the templates a batch of claims
 * concerns, learns what each has left, and records what it granted, in its own transaction on the
 * first database ({@link FirstDatabase}). The update stays guarded ({@code claimed_count + n <=
 * total_stock}), so even a caller that skipped the lock could not oversell.
 */
@Component
public class TemplateStock {

	/** What a claim of the template is decided against, read under the row lock. */
	public record ClaimTerms(long templateId, int totalStock, long claimed, int perUserLimit, Validity validity) {

		public long left() {
			return Math.max(0, this.totalStock - this.claimed);
		}

	}

	private final FirstDatabase database;

	TemplateStock(FirstDatabase database) {
		this.database = database;
	}

	/**
	 * Locks the templates' rows until the caller's transaction ends, in id order so that two
	 * settlements of overlapping templates never deadlock, and reads their terms. Unknown ids are
	 * absent from the answer. Must run inside {@link FirstDatabase#inTransaction}.
	 */
	public Map<Long, ClaimTerms> lockForClaims(Collection<Long> templateIds) {
		if (templateIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, ClaimTerms> terms = new LinkedHashMap<>();
		String in = String.join(",", Collections.nCopies(templateIds.size(), "?"));
		this.database.jdbc().query("""
				SELECT id, total_stock, claimed_count, per_user_limit, validity_type, validity_start, validity_end,
				  validity_days
				FROM coupon_template WHERE id IN (%s) ORDER BY id FOR UPDATE""".formatted(in), rs -> {
			Validity validity = new Validity(Validity.Type.valueOf(rs.getString("validity_type")),
					UtcTime.read(rs, "validity_start"), UtcTime.read(rs, "validity_end"),
					rs.getObject("validity_days", Integer.class));
			long id = rs.getLong("id");
			terms.put(id, new ClaimTerms(id, rs.getInt("total_stock"), rs.getLong("claimed_count"),
					rs.getInt("per_user_limit"), validity));
		}, templateIds.toArray());
		return terms;
	}

	/** Records {@code units} more handed out; refuses (and so rolls back the caller) past the stock. */
	public void recordClaimed(long templateId, int units) {
		int updated = this.database.jdbc().update("""
				UPDATE coupon_template SET claimed_count = claimed_count + ?
				WHERE id = ? AND claimed_count + ? <= total_stock""", units, templateId, units);
		if (updated != 1) {
			throw new IllegalStateException("template " + templateId + " has fewer than " + units + " units left");
		}
	}

}
