package com.promo.claim.flashsale;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The flash sales claim-service knows (table {@code flash_sale}, from the template events) and
 * their ledger counters; reads on the order path come from a short-lived in-memory copy.
 */
@Repository
class FlashSales {

	/** The ledger's view of a sale's units. */
	record Counts(int total, int reserved, int paid, int expired, int rejected) {
	}

	private final JdbcTemplate jdbc;

	private final Cache<Long, Optional<FlashSale>> cache;

	FlashSales(JdbcTemplate jdbc, FlashSaleProperties properties) {
		this.jdbc = jdbc;
		this.cache = Caffeine.newBuilder().expireAfterWrite(properties.catalogTtl()).maximumSize(10_000).build();
	}

	/** Stores the sale when this version is newer than the one held (counters untouched); true when it was. */
	boolean saveIfNewer(FlashSale sale) {
		Object[] values = { sale.status().name(), sale.price(), sale.totalStock(), sale.perUserLimit(),
				UtcTime.toDb(sale.start()), UtcTime.toDb(sale.end()), sale.version(), sale.templateId() };
		int updated = this.jdbc.update("""
				UPDATE flash_sale SET status = ?, price = ?, total_stock = ?, per_user_limit = ?, sale_start = ?,
				  sale_end = ?, version = ?
				WHERE template_id = ? AND version < ?""", append(values, sale.version()));
		boolean saved = updated == 1 || this.jdbc.update("""
				INSERT IGNORE INTO flash_sale (status, price, total_stock, per_user_limit, sale_start, sale_end, version,
				  template_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", values) == 1;
		this.cache.invalidate(sale.templateId());
		return saved;
	}

	private static Object[] append(Object[] values, Object last) {
		Object[] all = java.util.Arrays.copyOf(values, values.length + 1);
		all[values.length] = last;
		return all;
	}

	/** Sales that have not ended, or ended after {@code since}: those whose reservations may still move. */
	List<FlashSale> endingAfter(Instant since) {
		return this.jdbc.query("SELECT * FROM flash_sale WHERE sale_end > ?", FlashSales::sale, UtcTime.toDb(since));
	}

	/** The sale, from memory for up to {@code promo.flash-sale.catalog-ttl}. */
	Optional<FlashSale> find(long templateId) {
		return this.cache.get(templateId, this::load);
	}

	Optional<FlashSale> load(long templateId) {
		return this.jdbc.query("SELECT * FROM flash_sale WHERE template_id = ?", FlashSales::sale, templateId)
			.stream()
			.findFirst();
	}

	Optional<Counts> counts(long templateId) {
		return this.jdbc
			.query("SELECT total_stock, reserved_count, paid_count, expired_count, rejected_count FROM flash_sale WHERE template_id = ?",
					(rs, i) -> new Counts(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)),
					templateId)
			.stream()
			.findFirst();
	}

	/** Units each buyer holds (reserved or paid), for rebuilding Redis. */
	Map<Long, Integer> held(long templateId) {
		return this.jdbc
			.query("SELECT user_id, held FROM flash_sale_buyer WHERE template_id = ? AND held > 0",
					(rs, i) -> Map.entry(rs.getLong(1), rs.getInt(2)), templateId)
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private static FlashSale sale(ResultSet rs, int row) throws SQLException {
		return new FlashSale(rs.getLong("template_id"), TemplateStatus.valueOf(rs.getString("status")),
				rs.getLong("price"), rs.getInt("total_stock"), rs.getInt("per_user_limit"),
				UtcTime.read(rs, "sale_start"), UtcTime.read(rs, "sale_end"), rs.getLong("version"));
	}

}
