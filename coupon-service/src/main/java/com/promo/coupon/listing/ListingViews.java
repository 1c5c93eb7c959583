package com.promo.coupon.listing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.promo.contracts.item.PriceUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The listing projection; like the activity one, the highest version wins. */
@Repository
public class ListingViews {

	private final JdbcClient jdbc;

	ListingViews(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<ListingView> find(long listingId) {
		return this.jdbc.sql("SELECT * FROM listing_view WHERE listing_id = :id")
			.param("id", listingId)
			.query(ListingViews::read)
			.optional();
	}

	public Map<Long, ListingView> findAll(Collection<Long> listingIds) {
		if (listingIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("SELECT * FROM listing_view WHERE listing_id IN (:ids)")
			.param("ids", listingIds)
			.query(ListingViews::read)
			.list()
			.stream()
			.collect(Collectors.toMap(ListingView::listingId, Function.identity()));
	}

	boolean saveIfNewer(ListingView v) {
		Map<String, Object> params = Map.of("id", v.listingId(), "seller", v.sellerId(), "city", v.cityId(), "title",
				v.title(), "price", v.listPrice(), "unit", v.priceUnit().name(), "deposit", v.deposit(), "version",
				v.version());
		int updated = this.jdbc.sql("""
				UPDATE listing_view SET seller_id = :seller, city_id = :city, title = :title, list_price = :price,
				  price_unit = :unit, deposit = :deposit, version = :version
				WHERE listing_id = :id AND version < :version""").params(params).update();
		if (updated == 1) {
			return true;
		}
		return this.jdbc.sql("""
				INSERT IGNORE INTO listing_view (listing_id, seller_id, city_id, title, list_price, price_unit, deposit, version)
				VALUES (:id, :seller, :city, :title, :price, :unit, :deposit, :version)""").params(params).update() == 1;
	}

	private static ListingView read(ResultSet rs, int row) throws SQLException {
		return new ListingView(rs.getLong("listing_id"), rs.getLong("seller_id"), rs.getString("city_id"),
				rs.getString("title"), rs.getLong("list_price"), PriceUnit.valueOf(rs.getString("price_unit")),
				rs.getLong("deposit"), rs.getLong("version"));
	}


}
