package com.promo.coupon.binding;

import java.time.Instant;
import java.util.List;

import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bindings of templates to listings, and the per-listing count of active ones that guards the cap.
 * Every method runs inside the caller's transaction.
 */
@Repository
class BindingRepository {

	private final JdbcClient jdbc;

	BindingRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @return false when the template was already bound to the listing (active or not) */
	boolean insertActive(long templateId, long listingId, Instant now) {
		return this.jdbc.sql("""
				INSERT IGNORE INTO coupon_binding (template_id, listing_id, active, created_at)
				VALUES (:templateId, :listingId, TRUE, :now)""")
			.param("templateId", templateId)
			.param("listingId", listingId)
			.param("now", UtcTime.toDb(now))
			.update() == 1;
	}

	boolean isActive(long templateId, long listingId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM coupon_binding WHERE template_id = :t AND listing_id = :l AND active")
			.param("t", templateId)
			.param("l", listingId)
			.query(Integer.class)
			.single() > 0;
	}

	/** An active binding as the merchant sees it, with how many of the cap its listing uses. */
	record ActiveBinding(long listingId, Instant createdAt, int activeBindingsOnListing) {
	}

	/** A template's active bindings, the newest first. */
	PageResponse<ActiveBinding> findActive(long templateId, PageQuery page) {
		long total = this.jdbc.sql("SELECT COUNT(*) FROM coupon_binding WHERE template_id = :t AND active")
			.param("t", templateId)
			.query(Long.class)
			.single();
		List<ActiveBinding> items = this.jdbc.sql("""
				SELECT b.listing_id, b.created_at, COALESCE(c.active_count, 0) AS active_count
				FROM coupon_binding b LEFT JOIN listing_binding_count c ON c.listing_id = b.listing_id
				WHERE b.template_id = :t AND b.active
				ORDER BY b.created_at DESC, b.listing_id LIMIT :limit OFFSET :offset""")
			.param("t", templateId)
			.param("limit", page.size())
			.param("offset", page.offset())
			.query((rs, row) -> new ActiveBinding(rs.getLong("listing_id"), UtcTime.read(rs, "created_at"),
					rs.getInt("active_count")))
			.list();
		return new PageResponse<>(items, page.page(), page.size(), total);
	}

	/**
	 * Makes sure the listing has its counter row. Run on its own (autocommit), before the binding
	 * transaction: a duplicate-checking insert inside it would hold a shared lock that deadlocks
	 * with the other binders' updates.
	 */
	void ensureCounter(long listingId) {
		this.jdbc.sql("INSERT IGNORE INTO listing_binding_count (listing_id, active_count) VALUES (:l, 0)")
			.param("l", listingId)
			.update();
	}

	/**
	 * Takes one of the listing's active-binding slots if fewer than {@code cap} are taken. The
	 * conditional update locks the listing's counter row until the transaction ends, so concurrent
	 * binders (in any instance) queue on it and the count can never pass the cap.
	 */
	boolean takeSlot(long listingId, int cap) {
		return this.jdbc.sql("""
				UPDATE listing_binding_count SET active_count = active_count + 1
				WHERE listing_id = :l AND active_count < :cap""")
			.param("l", listingId)
			.param("cap", cap)
			.update() == 1;
	}

	/** Removes a binding; @return true when it was active (and its slot is given back) */
	boolean delete(long templateId, long listingId) {
		// locked: a concurrent deactivateTemplate either sees the row gone or has made it inactive,
		// so the slot is given back once
		Boolean wasActive = this.jdbc
			.sql("SELECT active FROM coupon_binding WHERE template_id = :t AND listing_id = :l FOR UPDATE")
			.param("t", templateId)
			.param("l", listingId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
		int deleted = this.jdbc.sql("DELETE FROM coupon_binding WHERE template_id = :t AND listing_id = :l")
			.param("t", templateId)
			.param("l", listingId)
			.update();
		if (deleted == 1 && wasActive) {
			releaseSlot(listingId);
			return true;
		}
		return false;
	}

	/** A template stopped being claimable: its bindings no longer count against the listings' caps. */
	void deactivateTemplate(long templateId) {
		List<Long> listings = this.jdbc
			.sql("SELECT listing_id FROM coupon_binding WHERE template_id = :t AND active FOR UPDATE")
			.param("t", templateId)
			.query(Long.class)
			.list();
		if (listings.isEmpty()) {
			return;
		}
		this.jdbc.sql("UPDATE coupon_binding SET active = FALSE WHERE template_id = :t AND active")
			.param("t", templateId)
			.update();
		listings.forEach(this::releaseSlot);
	}

	private void releaseSlot(long listingId) {
		this.jdbc.sql("UPDATE listing_binding_count SET active_count = active_count - 1 WHERE listing_id = :l AND active_count > 0")
			.param("l", listingId)
			.update();
	}

}
