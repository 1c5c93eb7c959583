package com.promo.coupon.wallet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Order id → (user, coupon): confirm and release carry only the order id; this finds the user's
 * shard without scanning all of them, and lists the locks that have gone stale.
 */
@Repository
class OrderIndex {

	record Entry(String orderId, long userId, long couponId, String state) {
	}

	private final JdbcClient jdbc;

	OrderIndex(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Entry> find(String orderId) {
		return this.jdbc.sql("SELECT * FROM order_coupon WHERE order_id = :orderId")
			.param("orderId", orderId)
			.query((rs, row) -> new Entry(rs.getString("order_id"), rs.getLong("user_id"), rs.getLong("coupon_id"),
					rs.getString("state")))
			.optional();
	}

	/** @return false when the order already names a coupon */
	boolean insertIfAbsent(String orderId, long userId, long couponId, Instant now) {
		return this.jdbc.sql("""
				INSERT IGNORE INTO order_coupon (order_id, user_id, coupon_id, state, locked_at)
				VALUES (:orderId, :userId, :couponId, 'LOCKED', :now)""")
			.param("orderId", orderId)
			.param("userId", userId)
			.param("couponId", couponId)
			.param("now", UtcTime.toDb(now))
			.update() == 1;
	}

	void state(String orderId, String state, Instant now) {
		this.jdbc.sql("UPDATE order_coupon SET state = :state, locked_at = :now WHERE order_id = :orderId")
			.param("state", state)
			.param("orderId", orderId)
			.param("now", UtcTime.toDb(now))
			.update();
	}

	void delete(String orderId) {
		this.jdbc.sql("DELETE FROM order_coupon WHERE order_id = :orderId").param("orderId", orderId).update();
	}

	List<String> lockedBefore(Instant cutoff, int limit) {
		return this.jdbc.sql("SELECT order_id FROM order_coupon WHERE state = 'LOCKED' AND locked_at < :cutoff LIMIT :limit")
			.param("cutoff", UtcTime.toDb(cutoff))
			.param("limit", limit)
			.query(String.class)
			.list();
	}

}
