package com.promo.coupon.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.promo.coupon.template.CouponTemplate;
import com.promo.coupon.template.TemplateRepository;
import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The C-side queries over bindings: which ENABLED templates a listing carries, which listings have one. */
@Repository
class ListingQueries {

	/** Claimable now: bound, ENABLED, activity running, validity not over (see CouponTemplate#claimableAt). */
	private static final String CLAIMABLE = """
			 FROM coupon_binding b
			 JOIN coupon_template t ON t.id = b.template_id
			 JOIN activity_view a ON a.id = t.activity_id
			WHERE b.active AND t.status = 'ENABLED' AND a.status NOT IN ('DRAFT', 'TERMINATED')
			  AND a.activity_start_time <= :now AND :now < a.activity_end_time
			  AND (t.validity_type <> 'FIXED' OR :now < t.validity_end)""";

	record Page(List<Long> listingIds, long total) {
	}

	private final JdbcClient jdbc;

	ListingQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The ENABLED templates bound to each listing (whether claimable now is decided by the caller). */
	Map<Long, List<CouponTemplate>> enabledTemplatesOf(Collection<Long> listingIds) {
		Map<Long, List<CouponTemplate>> byListing = new LinkedHashMap<>();
		listingIds.forEach(id -> byListing.put(id, new ArrayList<>()));
		if (listingIds.isEmpty()) {
			return byListing;
		}
		this.jdbc.sql("""
				SELECT b.listing_id AS bound_listing_id, t.* FROM coupon_binding b
				JOIN coupon_template t ON t.id = b.template_id
				WHERE b.listing_id IN (:ids) AND b.active AND t.status = 'ENABLED' ORDER BY t.id""")
			.param("ids", listingIds)
			.query((rs, row) -> Map.entry(rs.getLong("bound_listing_id"), TemplateRepository.read(rs, row)))
			.list()
			.forEach(entry -> byListing.get(entry.getKey()).add(entry.getValue()));
		return byListing;
	}

	/** One page of the listings with at least one claimable coupon, by listing id. */
	Page discountedListings(String cityId, Long activityId, PageQuery page, Instant now) {
		StringBuilder where = new StringBuilder(CLAIMABLE);
		Map<String, Object> params = new HashMap<>();
		params.put("now", UtcTime.toDb(now));
		if (cityId != null) {
			where.append(" AND t.city_id = :cityId");
			params.put("cityId", cityId);
		}
		if (activityId != null) {
			where.append(" AND t.activity_id = :activityId");
			params.put("activityId", activityId);
		}
		long total = this.jdbc.sql("SELECT COUNT(DISTINCT b.listing_id)" + where).params(params).query(Long.class).single();
		params.put("limit", page.size());
		params.put("offset", page.offset());
		List<Long> ids = this.jdbc
			.sql("SELECT DISTINCT b.listing_id" + where + " ORDER BY b.listing_id LIMIT :limit OFFSET :offset")
			.params(params)
			.query(Long.class)
			.list();
		return new Page(ids, total);
	}

}
