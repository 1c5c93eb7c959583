package com.promo.coupon.signup;

import java.time.Instant;
import java.util.List;

import com.promo.coupon.signup.SignupService.Signup;
import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Merchant sign-ups; the primary key (activity, merchant) makes a second sign-up impossible. */
@Repository
public class Signups {

	private final JdbcClient jdbc;

	Signups(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @return false when the merchant had already signed up */
	boolean insert(long activityId, long merchantId, Instant now) {
		return this.jdbc.sql("""
				INSERT IGNORE INTO merchant_signup (activity_id, merchant_id, created_at)
				VALUES (:activityId, :merchantId, :now)""")
			.param("activityId", activityId)
			.param("merchantId", merchantId)
			.param("now", UtcTime.toDb(now))
			.update() == 1;
	}

	/** A merchant's sign-ups, the newest first (idx_signup_merchant). */
	PageResponse<Signup> findByMerchant(long merchantId, PageQuery page) {
		long total = this.jdbc.sql("SELECT COUNT(*) FROM merchant_signup WHERE merchant_id = :merchantId")
			.param("merchantId", merchantId)
			.query(Long.class)
			.single();
		List<Signup> items = this.jdbc.sql("""
				SELECT activity_id, merchant_id, created_at FROM merchant_signup WHERE merchant_id = :merchantId
				ORDER BY created_at DESC, activity_id DESC LIMIT :limit OFFSET :offset""")
			.param("merchantId", merchantId)
			.param("limit", page.size())
			.param("offset", page.offset())
			.query((rs, row) -> new Signup(rs.getLong("activity_id"), rs.getLong("merchant_id"),
					UtcTime.read(rs, "created_at")))
			.list();
		return new PageResponse<>(items, page.page(), page.size(), total);
	}

	boolean exists(long activityId, long merchantId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM merchant_signup WHERE activity_id = :activityId AND merchant_id = :merchantId")
			.param("activityId", activityId)
			.param("merchantId", merchantId)
			.query(Integer.class)
			.single() > 0;
	}

}
