package com.promo.pricing.item;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.promo.contracts.item.PriceUnit;
import com.promo.contracts.pricing.CrowdType;
import com.promo.runtime.UtcTime;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Items and their fan prices in the service's own database. */
@Repository
class ItemRepository {

	private final JdbcClient jdbc;

	ItemRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @return false when the item exists already (whoever registered it) */
	boolean insertIfAbsent(Item item) {
		return this.jdbc.sql("""
				INSERT IGNORE INTO item (id, seller_id, title, city_id, list_price, price_unit, deposit, version,
				  rules_version, created_at, updated_at)
				VALUES (:id, :seller, :title, :city, :price, :unit, :deposit, :version, :rulesVersion, :now, :now)""")
			.params(columns(item))
			.param("seller", item.sellerId())
			.param("rulesVersion", item.rulesVersion())
			.update() == 1;
	}

	Optional<Item> find(long id) {
		return this.jdbc.sql("SELECT * FROM item WHERE id = :id").param("id", id).query(ItemRepository::read).optional();
	}

	/** A seller's items, the most recently changed first (idx_item_seller finds them). */
	PageResponse<Item> findBySeller(long sellerId, PageQuery page) {
		long total = this.jdbc.sql("SELECT COUNT(*) FROM item WHERE seller_id = :seller")
			.param("seller", sellerId)
			.query(Long.class)
			.single();
		List<Item> items = this.jdbc
			.sql("SELECT * FROM item WHERE seller_id = :seller ORDER BY updated_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.param("seller", sellerId)
			.param("limit", page.size())
			.param("offset", page.offset())
			.query(ItemRepository::read)
			.list();
		return new PageResponse<>(items, page.page(), page.size(), total);
	}

	/** Reads the item and locks it until the transaction ends: its changes and fan-price changes queue up. */
	Optional<Item> lock(long id) {
		return this.jdbc.sql("SELECT * FROM item WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(ItemRepository::read)
			.optional();
	}

	void update(Item item) {
		this.jdbc.sql("""
				UPDATE item SET title = :title, city_id = :city, list_price = :price, price_unit = :unit,
				  deposit = :deposit, version = :version, updated_at = :now
				WHERE id = :id""").params(columns(item)).update();
	}

	/** The columns an item's change writes. */
	private static Map<String, Object> columns(Item item) {
		ItemContent c = item.content();
		return Map.of("id", item.id(), "title", c.title(), "city", c.cityId(), "price", c.listPrice(), "unit",
				c.priceUnit().name(), "deposit", c.deposit(), "version", item.version(), "now",
				UtcTime.toDb(item.updatedAt()));
	}

	/** Records the count of the item's fan-price changes (the caller holds the item's lock). */
	void setRulesVersion(long itemId, long rulesVersion, Instant now) {
		this.jdbc.sql("UPDATE item SET rules_version = :version, updated_at = :now WHERE id = :id")
			.param("id", itemId)
			.param("version", rulesVersion)
			.param("now", UtcTime.toDb(now))
			.update();
	}

	List<FanPrice> fanPrices(long itemId) {
		return this.jdbc.sql("SELECT * FROM fan_price WHERE item_id = :id ORDER BY crowd_type")
			.param("id", itemId)
			.query(ItemRepository::readFanPrice)
			.list();
	}

	void saveFanPrice(FanPrice fanPrice, Instant now) {
		this.jdbc.sql("""
				INSERT INTO fan_price (item_id, crowd_type, price, start_time, end_time, updated_at)
				VALUES (:item, :type, :price, :start, :end, :now)
				ON DUPLICATE KEY UPDATE price = VALUES(price), start_time = VALUES(start_time),
				  end_time = VALUES(end_time), updated_at = VALUES(updated_at)""")
			.param("item", fanPrice.itemId())
			.param("type", fanPrice.crowdType().name())
			.param("price", fanPrice.price())
			.param("start", UtcTime.toDb(fanPrice.startTime()))
			.param("end", UtcTime.toDb(fanPrice.endTime()))
			.param("now", UtcTime.toDb(now))
			.update();
	}

	boolean deleteFanPrice(long itemId, CrowdType crowdType) {
		return this.jdbc.sql("DELETE FROM fan_price WHERE item_id = :item AND crowd_type = :type")
			.param("item", itemId)
			.param("type", crowdType.name())
			.update() == 1;
	}

	private static Item read(ResultSet rs, int row) throws SQLException {
		ItemContent content = new ItemContent(rs.getString("title"), rs.getString("city_id"), rs.getLong("list_price"),
				PriceUnit.valueOf(rs.getString("price_unit")), rs.getLong("deposit"));
		return new Item(rs.getLong("id"), rs.getLong("seller_id"), content, rs.getLong("version"),
				rs.getLong("rules_version"), UtcTime.read(rs, "updated_at"));
	}

	static FanPrice readFanPrice(ResultSet rs, int row) throws SQLException {
		return new FanPrice(rs.getLong("item_id"), CrowdType.valueOf(rs.getString("crowd_type")), rs.getLong("price"),
				UtcTime.read(rs, "start_time"), UtcTime.read(rs, "end_time"));
	}

}
