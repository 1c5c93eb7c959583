package com.promo.coupon.template;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.contracts.coupon.Validity;
import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Templates in MySQL; status changes are conditional on the version read (one writer wins). */
@Repository
public class TemplateRepository {

	/**
	 * The SQL twin of {@link CouponTemplate#statusAt}, over {@code t} (template) joined with
	 * {@code a} (its activity): list filters agree with reads.
	 */
	static final String STATUS_NOW = """
			CASE WHEN t.status IN ('EXPIRED', 'ENDED', 'TERMINATED') THEN t.status
			     WHEN a.status = 'TERMINATED' THEN 'TERMINATED'
			     WHEN a.status <> 'DRAFT' AND :now >= a.activity_end_time THEN 'ENDED'
			     WHEN t.validity_type = 'FIXED' AND :now >= t.validity_end THEN 'EXPIRED'
			     ELSE t.status END""";

	private final JdbcClient jdbc;

	TemplateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(CouponTemplate template) {
		TemplateContent c = template.content();
		Map<String, Object> params = new HashMap<>();
		params.put("id", template.id());
		params.put("activityId", template.activityId());
		params.put("merchantId", template.merchantId());
		params.put("cityId", c.cityId());
		params.put("type", c.type().name());
		params.put("title", c.title());
		params.put("amountOff", c.amountOff());
		params.put("percentOff", c.percentOff());
		params.put("maxDiscount", c.maxDiscount());
		params.put("freeDays", c.freeDays());
		params.put("specialPrice", c.specialPrice());
		params.put("threshold", c.thresholdAmount());
		params.put("deduction", c.deduction().name());
		params.put("totalStock", c.totalStock());
		params.put("perUserLimit", c.perUserLimit());
		params.put("validityType", c.validity().type().name());
		params.put("validityStart", UtcTime.toDb(c.validity().startTime()));
		params.put("validityEnd", UtcTime.toDb(c.validity().endTime()));
		params.put("validityDays", c.validity().days());
		params.put("audienceType", c.audience().type().name());
		params.put("crowdId", c.audience().crowdId());
		params.put("status", template.storedStatus().name());
		params.put("createdAt", UtcTime.toDb(template.createdAt()));
		params.put("updatedAt", UtcTime.toDb(template.updatedAt()));
		params.put("version", template.version());
		this.jdbc.sql("""
				INSERT INTO coupon_template (id, activity_id, merchant_id, city_id, type, title, amount_off, percent_off,
				  max_discount, free_days, special_price, threshold_amount, deduction, total_stock, per_user_limit,
				  validity_type, validity_start, validity_end, validity_days, audience_type, audience_crowd_id, status,
				  created_at, updated_at, version)
				VALUES (:id, :activityId, :merchantId, :cityId, :type, :title, :amountOff, :percentOff, :maxDiscount,
				  :freeDays, :specialPrice, :threshold, :deduction, :totalStock, :perUserLimit, :validityType,
				  :validityStart, :validityEnd, :validityDays, :audienceType, :crowdId, :status, :createdAt, :updatedAt,
				  :version)""").params(params).update();
	}

	/** Saves a status change if nobody changed the template since it was read. */
	boolean updateStatus(CouponTemplate template, long expectedVersion) {
		return this.jdbc.sql("""
				UPDATE coupon_template SET status = :status, updated_at = :updatedAt, version = :version
				WHERE id = :id AND version = :expected""")
			.param("status", template.storedStatus().name())
			.param("updatedAt", UtcTime.toDb(template.updatedAt()))
			.param("version", template.version())
			.param("id", template.id())
			.param("expected", expectedVersion)
			.update() == 1;
	}

	/**
	 * The template's stored status, its row share-locked until the caller's transaction ends: a
	 * status change (an update of the row) waits for that transaction, and one committed before it
	 * is seen.
	 */
	Optional<TemplateStatus> lockStoredStatus(long id) {
		return this.jdbc.sql("SELECT status FROM coupon_template WHERE id = :id LOCK IN SHARE MODE")
			.param("id", id)
			.query(String.class)
			.optional()
			.map(TemplateStatus::valueOf);
	}

	public Optional<CouponTemplate> findById(long id) {
		return this.jdbc.sql("SELECT * FROM coupon_template t WHERE t.id = :id")
			.param("id", id)
			.query(TemplateRepository::read)
			.optional();
	}

	/** The templates with these ids, by id (one query). */
	public Map<Long, CouponTemplate> findAllById(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("SELECT * FROM coupon_template t WHERE t.id IN (:ids)")
			.param("ids", ids)
			.query(TemplateRepository::read)
			.list()
			.stream()
			.collect(Collectors.toMap(CouponTemplate::id, Function.identity()));
	}

	/** The templates of an activity that are not final yet. */
	List<CouponTemplate> findOpenByActivity(long activityId) {
		return this.jdbc.sql("SELECT * FROM coupon_template t WHERE t.activity_id = :id AND t.status IN ('NEW', 'ENABLED')")
			.param("id", activityId)
			.query(TemplateRepository::read)
			.list();
	}

	/** Templates stored as NEW/ENABLED whose validity or activity is over at {@code now}. */
	List<CouponTemplate> findDueForSweep(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT t.* FROM coupon_template t JOIN activity_view a ON a.id = t.activity_id
				WHERE t.status IN ('NEW', 'ENABLED') AND (""" + STATUS_NOW + ") <> t.status LIMIT :limit")
			.param("now", UtcTime.toDb(now))
			.param("limit", limit)
			.query(TemplateRepository::read)
			.list();
	}

	/** Templates by the filters given (a null filter is no filter), the newest first. */
	PageResponse<CouponTemplate> search(Long merchantId, Long activityId, TemplateStatus status, PageQuery page,
			Instant now) {
		StringBuilder where = new StringBuilder(" WHERE TRUE");
		Map<String, Object> params = new HashMap<>();
		params.put("now", UtcTime.toDb(now));
		if (merchantId != null) {
			where.append(" AND t.merchant_id = :merchantId");
			params.put("merchantId", merchantId);
		}
		if (activityId != null) {
			where.append(" AND t.activity_id = :activityId");
			params.put("activityId", activityId);
		}
		if (status != null) {
			where.append(" AND (").append(STATUS_NOW).append(") = :status");
			params.put("status", status.name());
		}
		String from = " FROM coupon_template t JOIN activity_view a ON a.id = t.activity_id";
		long total = this.jdbc.sql("SELECT COUNT(*)" + from + where).params(params).query(Long.class).single();
		params.put("limit", page.size());
		params.put("offset", page.offset());
		List<CouponTemplate> items = this.jdbc
			.sql("SELECT t.*" + from + where + " ORDER BY t.id DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query(TemplateRepository::read)
			.list();
		return new PageResponse<>(items, page.page(), page.size(), total);
	}

	/** Reads the template columns of a row. */
	public static CouponTemplate read(ResultSet rs, int row) throws SQLException {
		Validity validity = new Validity(Validity.Type.valueOf(rs.getString("validity_type")),
				UtcTime.read(rs, "validity_start"), UtcTime.read(rs, "validity_end"),
				(Integer) rs.getObject("validity_days", Integer.class));
		Audience audience = new Audience(Audience.Type.valueOf(rs.getString("audience_type")),
				rs.getString("audience_crowd_id"));
		TemplateContent content = new TemplateContent(rs.getString("city_id"), CouponType.valueOf(rs.getString("type")),
				rs.getString("title"), rs.getObject("amount_off", Long.class), rs.getObject("percent_off", Integer.class),
				rs.getObject("max_discount", Long.class), rs.getObject("free_days", Integer.class),
				rs.getObject("special_price", Long.class), rs.getLong("threshold_amount"),
				Deduction.valueOf(rs.getString("deduction")), rs.getInt("total_stock"), rs.getInt("per_user_limit"),
				validity, audience);
		return new CouponTemplate(rs.getLong("id"), rs.getLong("activity_id"), rs.getLong("merchant_id"), content,
				TemplateStatus.valueOf(rs.getString("status")), rs.getLong("claimed_count"), UtcTime.read(rs, "created_at"),
				UtcTime.read(rs, "updated_at"), rs.getLong("version"));
	}

}
