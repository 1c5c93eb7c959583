package com.promo.coupon.signup;

import java.time.Instant;

import com.promo.runtime.UtcTime;

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

	boolean exists(long activityId, long merchantId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM merchant_signup WHERE activity_id = :activityId AND merchant_id = :merchantId")
			.param("activityId", activityId)
			.param("merchantId", merchantId)
			.query(Integer.class)
			.single() > 0;
	}

}
