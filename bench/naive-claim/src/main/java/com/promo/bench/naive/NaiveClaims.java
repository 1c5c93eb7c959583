package com.promo.bench.naive;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The naive claim in one transaction, three statements: the guarded stock update, the user's
 * count, the coupon insert. The guarded update takes the template row's lock first, so every claim
 * of one template waits for the one before it to commit: that serialisation is what keeps the stock
 * and the per-user count exact (the count below reads after the previous holder's commit), and it
 * is also why the design does not scale with the number of requests.
 */
@Service
class NaiveClaims {

	record Coupon(long couponId, long templateId, long userId, Instant claimedAt) {
	}

	record Template(long id, int totalStock, int claimed, int perUserLimit, long coupons) {
	}

	private final JdbcTemplate jdbc;

	private final Clock clock;

	NaiveClaims(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * @throws ProblemException {@code SOLD_OUT} when no unit is left, {@code LIMIT_REACHED} when the
	 * user holds the template's limit (the stock update is rolled back with it), {@code NOT_FOUND}
	 */
	@Transactional
	Coupon claim(long templateId, long userId) {
		int taken = this.jdbc.update(
				"UPDATE coupon_template SET claimed = claimed + 1 WHERE id = ? AND claimed < total_stock", templateId);
		if (taken == 0) {
			Integer exists = this.jdbc.queryForObject("SELECT COUNT(*) FROM coupon_template WHERE id = ?", Integer.class,
					templateId);
			throw exists == 0 ? ProblemException.notFound("coupon template " + templateId)
					: new ProblemException(ProblemCode.SOLD_OUT, "coupon template " + templateId + " is sold out");
		}
		int[] heldAndLimit = this.jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM coupon c WHERE c.template_id = t.id "
				+ "AND c.user_id = ?), t.per_user_limit FROM coupon_template t WHERE t.id = ?",
				(rs, n) -> new int[] { rs.getInt(1), rs.getInt(2) }, userId, templateId);
		if (heldAndLimit[0] >= heldAndLimit[1]) {
			throw new ProblemException(ProblemCode.LIMIT_REACHED,
					"user " + userId + " already holds " + heldAndLimit[0] + " of coupon template " + templateId);
		}
		Instant now = this.clock.instant();
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			var insert = connection.prepareStatement(
					"INSERT INTO coupon (template_id, user_id, claimed_at) VALUES (?, ?, ?)", new String[] { "id" });
			insert.setLong(1, templateId);
			insert.setLong(2, userId);
			insert.setTimestamp(3, Timestamp.from(now));
			return insert;
		}, key);
		return new Coupon(key.getKey().longValue(), templateId, userId, now);
	}

	@Transactional
	long create(int totalStock, int perUserLimit) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			var insert = connection.prepareStatement(
					"INSERT INTO coupon_template (total_stock, per_user_limit) VALUES (?, ?)", new String[] { "id" });
			insert.setInt(1, totalStock);
			insert.setInt(2, perUserLimit);
			return insert;
		}, key);
		return key.getKey().longValue();
	}

	/** The template with its counter and the coupons actually held (the two must agree). */
	Optional<Template> find(long templateId) {
		return this.jdbc
			.query("SELECT id, total_stock, claimed, per_user_limit, "
					+ "(SELECT COUNT(*) FROM coupon c WHERE c.template_id = t.id) AS coupons FROM coupon_template t WHERE id = ?",
					(rs, n) -> new Template(rs.getLong("id"), rs.getInt("total_stock"), rs.getInt("claimed"),
							rs.getInt("per_user_limit"), rs.getLong("coupons")),
					templateId)
			.stream()
			.findFirst();
	}

}
