package com.promo.coupon.wallet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The user coupon wallet through ShardingSphere. Every query of the request paths carries
 * {@code user_id}, so it runs on one physical table; only the background expiry sweep spans all.
 */
@Repository
class WalletRepository {

	private final JdbcClient jdbc;

	WalletRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @return false when the claim already has its coupon (unique claim id in the user's table) */
	boolean insertIfAbsent(WalletCoupon coupon, Instant now) {
		return this.jdbc.sql("""
				INSERT IGNORE INTO user_coupon (id, user_id, template_id, claim_id, status, valid_from, valid_until,
				  created_at, updated_at, version)
				VALUES (:id, :userId, :templateId, :claimId, 'UNUSED', :from, :until, :now, :now, 0)""")
			.param("id", coupon.id())
			.param("userId", coupon.userId())
			.param("templateId", coupon.templateId())
			.param("claimId", coupon.claimId())
			.param("from", UtcTime.toDb(coupon.validFrom()))
			.param("until", UtcTime.toDb(coupon.validUntil()))
			.param("now", UtcTime.toDb(now))
			.update() == 1;
	}

	Optional<WalletCoupon> findByClaim(long userId, String claimId) {
		return this.jdbc.sql("SELECT * FROM user_coupon WHERE user_id = :userId AND claim_id = :claimId")
			.param("userId", userId)
			.param("claimId", claimId)
			.query(WalletRepository::read)
			.optional();
	}

	Optional<WalletCoupon> find(long userId, long couponId) {
		return this.jdbc.sql("SELECT * FROM user_coupon WHERE user_id = :userId AND id = :id")
			.param("userId", userId)
			.param("id", couponId)
			.query(WalletRepository::read)
			.optional();
	}

	/** A user's coupons, newest first; {@code status} as the clock implies it (EXPIRED included). */
	PageResponse<WalletCoupon> page(long userId, CouponStatus status, PageQuery page, Instant now) {
		Map<String, Object> params = new HashMap<>();
		String where = where(userId, status, now, params);
		long total = this.jdbc.sql("SELECT COUNT(*) FROM user_coupon" + where).params(params).query(Long.class).single();
		return new PageResponse<>(newest(where, params, page.size(), page.offset()), page.page(), page.size(), total);
	}

	/** A user's newest {@code limit} coupons, without counting them all. */
	List<WalletCoupon> newest(long userId, CouponStatus status, int limit, Instant now) {
		Map<String, Object> params = new HashMap<>();
		return newest(where(userId, status, now, params), params, limit, 0);
	}

	private List<WalletCoupon> newest(String where, Map<String, Object> params, int limit, long offset) {
		params.put("limit", limit);
		params.put("offset", offset);
		return this.jdbc.sql("SELECT * FROM user_coupon" + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query(WalletRepository::read)
			.list();
	}

	/** The filter of one user's coupons, {@code status} as the clock implies it; fills {@code params}. */
	private static String where(long userId, CouponStatus status, Instant now, Map<String, Object> params) {
		StringBuilder where = new StringBuilder(" WHERE user_id = :userId");
		params.put("userId", userId);
		params.put("now", UtcTime.toDb(now));
		if (status == CouponStatus.UNUSED) {
			where.append(" AND status = 'UNUSED' AND valid_until > :now");
		}
		else if (status == CouponStatus.EXPIRED) {
			where.append(" AND (status = 'EXPIRED' OR (status = 'UNUSED' AND valid_until <= :now))");
		}
		else if (status != null) {
			where.append(" AND status = :status");
			params.put("status", status.name());
		}
		return where.toString();
	}

	/** UNUSED → LOCKED for one order; false when the coupon is not UNUSED any more (another order won). */
	boolean lock(long userId, long couponId, String orderId, Instant now) {
		return transition("""
				UPDATE user_coupon SET status = 'LOCKED', order_id = :orderId, locked_at = :now, updated_at = :now,
				  version = version + 1
				WHERE user_id = :userId AND id = :id AND status = 'UNUSED' AND valid_from <= :now AND valid_until > :now""",
				userId, couponId, orderId, now);
	}

	boolean use(long userId, long couponId, String orderId, Instant now) {
		return transition("""
				UPDATE user_coupon SET status = 'USED', used_at = :now, updated_at = :now, version = version + 1
				WHERE user_id = :userId AND id = :id AND status = 'LOCKED' AND order_id = :orderId""",
				userId, couponId, orderId, now);
	}

	/** LOCKED by this order → UNUSED again, or EXPIRED when its window closed meanwhile. */
	boolean unlock(long userId, long couponId, String orderId, Instant now) {
		return transition("""
				UPDATE user_coupon SET status = CASE WHEN valid_until > :now THEN 'UNUSED' ELSE 'EXPIRED' END,
				  order_id = NULL, locked_at = NULL, updated_at = :now, version = version + 1
				WHERE user_id = :userId AND id = :id AND status = 'LOCKED' AND order_id = :orderId""",
				userId, couponId, orderId, now);
	}

	/** One of the redemption updates above, conditional on the coupon's state: true when it applied. */
	private boolean transition(String sql, long userId, long couponId, String orderId, Instant now) {
		return this.jdbc.sql(sql)
			.param("userId", userId)
			.param("id", couponId)
			.param("orderId", orderId)
			.param("now", UtcTime.toDb(now))
			.update() == 1;
	}

	/** Background sweep over every shard: UNUSED coupons whose window closed become EXPIRED. */
	int expireDue(Instant now) {
		return this.jdbc.sql("""
				UPDATE user_coupon SET status = 'EXPIRED', updated_at = :now, version = version + 1
				WHERE status = 'UNUSED' AND valid_until <= :now""")
			.param("now", UtcTime.toDb(now))
			.update();
	}

	private static WalletCoupon read(ResultSet rs, int row) throws SQLException {
		return new WalletCoupon(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("template_id"),
				rs.getString("claim_id"), CouponStatus.valueOf(rs.getString("status")), UtcTime.read(rs, "valid_from"),
				UtcTime.read(rs, "valid_until"), rs.getString("order_id"), UtcTime.read(rs, "locked_at"),
				UtcTime.read(rs, "used_at"));
	}

}
