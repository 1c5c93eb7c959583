package com.promo.pricing.price;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.promo.contracts.item.PriceUnit;
import com.promo.contracts.pricing.CrowdType;
import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads items with their fan prices from the database: two indexed queries for any number of items. */
@Repository
class PricedItems {

	private record ItemRow(long id, long sellerId, long listPrice, PriceUnit priceUnit, long deposit) {
	}

	private final JdbcClient jdbc;

	PricedItems(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The items that exist among {@code itemIds}, by id. */
	Map<Long, PricedItem> load(Collection<Long> itemIds) {
		if (itemIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, ItemRow> items = this.jdbc
			.sql("SELECT id, seller_id, list_price, price_unit, deposit FROM item WHERE id IN (:ids)")
			.param("ids", itemIds)
			.query((rs, row) -> new ItemRow(rs.getLong("id"), rs.getLong("seller_id"), rs.getLong("list_price"),
					PriceUnit.valueOf(rs.getString("price_unit")), rs.getLong("deposit")))
			.list()
			.stream()
			.collect(Collectors.toMap(ItemRow::id, Function.identity()));
		if (items.isEmpty()) {
			return Map.of();
		}
		Map<Long, List<FanPriceRule>> rules = new HashMap<>();
		this.jdbc
			.sql("SELECT item_id, crowd_type, price, start_time, end_time FROM fan_price WHERE item_id IN (:ids)")
			.param("ids", items.keySet())
			.query((rs, row) -> {
				long itemId = rs.getLong("item_id");
				CrowdType type = CrowdType.valueOf(rs.getString("crowd_type"));
				String crowdId = type.crowdId(String.valueOf(items.get(itemId).sellerId()));
				rules.computeIfAbsent(itemId, id -> new ArrayList<>())
					.add(new FanPriceRule(type, crowdId, rs.getLong("price"), UtcTime.read(rs, "start_time"),
							UtcTime.read(rs, "end_time")));
				return itemId;
			})
			.list();
		Map<Long, PricedItem> loaded = new HashMap<>();
		items.values()
			.forEach(i -> loaded.put(i.id(), new PricedItem(i.id(), i.sellerId(), i.listPrice(), i.priceUnit(),
					i.deposit(), rules.getOrDefault(i.id(), List.of()))));
		return loaded;
	}

}
