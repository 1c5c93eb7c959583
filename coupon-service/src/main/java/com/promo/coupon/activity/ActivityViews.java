package com.promo.coupon.activity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;
import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The activity projection. A snapshot replaces the stored one only when its version is higher. */
@Repository
public class ActivityViews {

	private final JdbcClient jdbc;

	ActivityViews(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<ActivityView> find(long id) {
		return this.jdbc.sql("SELECT * FROM activity_view WHERE id = :id")
			.param("id", id)
			.query(ActivityViews::read)
			.optional();
	}

	public java.util.Map<Long, ActivityView> findAll(java.util.Collection<Long> ids) {
		if (ids.isEmpty()) {
			return java.util.Map.of();
		}
		return this.jdbc.sql("SELECT * FROM activity_view WHERE id IN (:ids)")
			.param("ids", ids)
			.query(ActivityViews::read)
			.list()
			.stream()
			.collect(Collectors.toMap(ActivityView::id, v -> v));
	}

	/**
	 * Stores the snapshot unless a newer (or the same) version is already there, so duplicated and
	 * reordered events leave the newest state.
	 * @return true when the snapshot was newer and is now stored
	 */
	public boolean saveIfNewer(ActivityView v) {
		int updated = this.jdbc.sql("""
				UPDATE activity_view SET kind = :kind, city_ids = :cities, coupon_types = :types,
				  value_lower_limit = :lower, value_upper_limit = :upper, apply_start_time = :applyStart,
				  apply_end_time = :applyEnd, activity_start_time = :activityStart, activity_end_time = :activityEnd,
				  status = :status, version = :version
				WHERE id = :id AND version < :version""").params(params(v)).update();
		if (updated == 1) {
			return true;
		}
		return this.jdbc.sql("""
				INSERT IGNORE INTO activity_view (id, kind, city_ids, coupon_types, value_lower_limit, value_upper_limit,
				  apply_start_time, apply_end_time, activity_start_time, activity_end_time, status, version)
				VALUES (:id, :kind, :cities, :types, :lower, :upper, :applyStart, :applyEnd, :activityStart, :activityEnd,
				  :status, :version)""").params(params(v)).update() == 1;
	}

	private static java.util.Map<String, Object> params(ActivityView v) {
		java.util.Map<String, Object> params = new java.util.HashMap<>();
		params.put("id", v.id());
		params.put("kind", v.kind().name());
		params.put("cities", String.join(",", v.cityIds()));
		params.put("types", v.couponTypes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
		params.put("lower", v.valueLowerLimit());
		params.put("upper", v.valueUpperLimit());
		params.put("applyStart", UtcTime.toDb(v.applyStartTime()));
		params.put("applyEnd", UtcTime.toDb(v.applyEndTime()));
		params.put("activityStart", UtcTime.toDb(v.activityStartTime()));
		params.put("activityEnd", UtcTime.toDb(v.activityEndTime()));
		params.put("status", v.storedStatus().name());
		params.put("version", v.version());
		return params;
	}

	/** Reads the activity columns of a row (also from joins that prefix nothing but these names). */
	public static ActivityView read(ResultSet rs, int row) throws SQLException {
		return new ActivityView(rs.getLong("id"), ActivityKind.valueOf(rs.getString("kind")),
				Arrays.stream(rs.getString("city_ids").split(",")).collect(Collectors.toUnmodifiableSet()),
				Arrays.stream(rs.getString("coupon_types").split(","))
					.map(CouponType::valueOf)
					.collect(Collectors.toUnmodifiableSet()),
				rs.getLong("value_lower_limit"), rs.getLong("value_upper_limit"), UtcTime.read(rs, "apply_start_time"),
				UtcTime.read(rs, "apply_end_time"), UtcTime.read(rs, "activity_start_time"),
				UtcTime.read(rs, "activity_end_time"), ActivityStatus.valueOf(rs.getString("status")),
				rs.getLong("version"));
	}

}
