package com.promo.activity.activity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;
import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Activities in MySQL. Updates are conditional on the version read, so two writers (two ops, or
 * two scheduler instances) never both apply a change: the loser sees {@code false}.
 */
@Repository
public class ActivityRepository {

	/** The SQL twin of {@link ActivityLifecycle#statusAt}: list filters must agree with reads. */
	private static final String STATUS_NOW = """
			CASE WHEN a.status IN ('DRAFT', 'TERMINATED') THEN a.status
			     WHEN :now < a.apply_start_time THEN 'PUBLISHED'
			     WHEN :now < a.apply_end_time THEN 'SIGNUP_OPEN'
			     WHEN :now < a.activity_start_time THEN 'SIGNUP_CLOSED'
			     WHEN :now < a.activity_end_time THEN 'RUNNING'
			     ELSE 'ENDED' END""";

	private final JdbcClient jdbc;

	ActivityRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Activity activity) {
		ActivityDraft c = activity.content();
		this.jdbc.sql("""
				INSERT INTO activity (id, title, description, kind, coupon_types, value_lower_limit, value_upper_limit,
				  apply_start_time, apply_end_time, activity_start_time, activity_end_time, status,
				  next_transition_at, created_at, updated_at, version)
				VALUES (:id, :title, :description, :kind, :couponTypes, :lower, :upper, :applyStart, :applyEnd,
				  :activityStart, :activityEnd, :status, :next, :createdAt, :updatedAt, :version)""")
			.params(contentParams(c))
			.param("status", activity.storedStatus().name())
			.param("next", UtcTime.toDb(activity.nextTransitionAt()))
			.param("createdAt", UtcTime.toDb(activity.createdAt()))
			.param("updatedAt", UtcTime.toDb(activity.updatedAt()))
			.param("version", activity.version())
			.param("id", activity.id())
			.update();
		writeCities(activity.id(), c.cityIds());
	}

	/** Writes the activity if it still has {@code expectedVersion}; false when someone was faster. */
	boolean update(Activity activity, long expectedVersion, boolean contentChanged) {
		int rows = this.jdbc.sql("""
				UPDATE activity SET title = :title, description = :description, kind = :kind,
				  coupon_types = :couponTypes, value_lower_limit = :lower, value_upper_limit = :upper,
				  apply_start_time = :applyStart, apply_end_time = :applyEnd, activity_start_time = :activityStart,
				  activity_end_time = :activityEnd, status = :status, next_transition_at = :next,
				  updated_at = :updatedAt, version = :version
				WHERE id = :id AND version = :expectedVersion""")
			.params(contentParams(activity.content()))
			.param("status", activity.storedStatus().name())
			.param("next", UtcTime.toDb(activity.nextTransitionAt()))
			.param("updatedAt", UtcTime.toDb(activity.updatedAt()))
			.param("version", activity.version())
			.param("id", activity.id())
			.param("expectedVersion", expectedVersion)
			.update();
		if (rows == 1 && contentChanged) {
			this.jdbc.sql("DELETE FROM activity_city WHERE activity_id = :id").param("id", activity.id()).update();
			writeCities(activity.id(), activity.content().cityIds());
		}
		return rows == 1;
	}

	Optional<Activity> findById(long id) {
		return load(this.jdbc.sql("SELECT * FROM activity a WHERE a.id = :id").param("id", id)).stream().findFirst();
	}

	/** Published activities whose next clock step is due, oldest first. */
	List<Activity> findDue(Instant now, int limit) {
		return load(this.jdbc.sql("""
				SELECT * FROM activity a WHERE a.next_transition_at <= :now
				ORDER BY a.next_transition_at LIMIT :limit""").param("now", UtcTime.toDb(now)).param("limit", limit));
	}

	PageResponse<Activity> search(ActivityFilter filter, PageQuery page, Instant now) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		Map<String, Object> params = new HashMap<>();
		params.put("now", UtcTime.toDb(now));
		if (filter.status() != null) {
			where.append(" AND ").append(STATUS_NOW).append(" = :status");
			params.put("status", filter.status().name());
		}
		if (filter.publishedOnly()) {
			where.append(" AND a.status <> 'DRAFT'");
		}
		if (filter.kind() != null) {
			where.append(" AND a.kind = :kind");
			params.put("kind", filter.kind().name());
		}
		if (filter.cityId() != null) {
			where.append(" AND EXISTS (SELECT 1 FROM activity_city c WHERE c.activity_id = a.id AND c.city_id = :cityId)");
			params.put("cityId", filter.cityId());
		}
		long total = this.jdbc.sql("SELECT COUNT(*) FROM activity a" + where).params(params).query(Long.class).single();
		params.put("limit", page.size());
		params.put("offset", page.offset());
		List<Activity> items = load(this.jdbc
			.sql("SELECT * FROM activity a" + where + " ORDER BY a.id DESC LIMIT :limit OFFSET :offset")
			.params(params));
		return new PageResponse<>(items, page.page(), page.size(), total);
	}

	private List<Activity> load(JdbcClient.StatementSpec statement) {
		List<Row> rows = statement.query(ActivityRepository::row).list();
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<Long, Set<String>> cities = new HashMap<>();
		this.jdbc.sql("SELECT activity_id, city_id FROM activity_city WHERE activity_id IN (:ids)")
			.param("ids", rows.stream().map(Row::id).toList())
			.query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
			.list()
			.forEach(e -> cities.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
		Map<Long, Activity> byId = new LinkedHashMap<>();
		for (Row row : rows) {
			ActivityDraft content = new ActivityDraft(row.title, row.description, row.kind,
					cities.getOrDefault(row.id, Set.of()), row.couponTypes, row.lower, row.upper, row.applyStart,
					row.applyEnd, row.activityStart, row.activityEnd);
			byId.put(row.id, new Activity(row.id, content, row.status, row.createdAt, row.updatedAt, row.version));
		}
		return List.copyOf(byId.values());
	}

	private void writeCities(long id, Set<String> cityIds) {
		for (String city : cityIds) {
			this.jdbc.sql("INSERT INTO activity_city (activity_id, city_id) VALUES (:id, :city)")
				.param("id", id)
				.param("city", city)
				.update();
		}
	}

	private static Map<String, Object> contentParams(ActivityDraft c) {
		Map<String, Object> params = new HashMap<>();
		params.put("title", c.title());
		params.put("description", c.description());
		params.put("kind", c.kind().name());
		params.put("couponTypes", c.sortedCouponTypes().stream().map(Enum::name).collect(Collectors.joining(",")));
		params.put("lower", c.valueLowerLimit());
		params.put("upper", c.valueUpperLimit());
		params.put("applyStart", UtcTime.toDb(c.applyStartTime()));
		params.put("applyEnd", UtcTime.toDb(c.applyEndTime()));
		params.put("activityStart", UtcTime.toDb(c.activityStartTime()));
		params.put("activityEnd", UtcTime.toDb(c.activityEndTime()));
		return params;
	}

	private record Row(long id, String title, String description, ActivityKind kind, Set<CouponType> couponTypes,
			long lower, long upper, Instant applyStart, Instant applyEnd, Instant activityStart, Instant activityEnd,
			ActivityStatus status, Instant createdAt, Instant updatedAt, long version) {
	}

	private static Row row(ResultSet rs, int rowNum) throws SQLException {
		Set<CouponType> types = Arrays.stream(rs.getString("coupon_types").split(","))
			.map(CouponType::valueOf)
			.collect(Collectors.toSet());
		return new Row(rs.getLong("id"), rs.getString("title"), rs.getString("description"),
				ActivityKind.valueOf(rs.getString("kind")), types, rs.getLong("value_lower_limit"),
				rs.getLong("value_upper_limit"), UtcTime.read(rs, "apply_start_time"), UtcTime.read(rs, "apply_end_time"),
				UtcTime.read(rs, "activity_start_time"), UtcTime.read(rs, "activity_end_time"),
				ActivityStatus.valueOf(rs.getString("status")), UtcTime.read(rs, "created_at"), UtcTime.read(rs, "updated_at"),
				rs.getLong("version"));
	}

}
