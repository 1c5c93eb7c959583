package com.promo.coupon.wallet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.promo.runtime.UtcTime;
import com.promo.sharding.ShardLayout;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes new wallet coupons straight into their physical tables: one multi-row {@code INSERT
 * IGNORE} per table a batch touches, routed by the same rule as ShardingSphere's
 * ({@link ShardLayout#node}). The unique claim id of each table makes a repeat a no-op, so a
 * batch that is written again after a crash changes nothing it had already written.
 */
@Component
class WalletShards {

	private final ShardLayout layout;

	private final Map<String, JdbcTemplate> databases = new LinkedHashMap<>();

	WalletShards(ShardLayout layout) {
		this.layout = layout;
		layout.physical().forEach((name, dataSource) -> this.databases.put(name, new JdbcTemplate(dataSource)));
	}

	void insertIfAbsent(List<WalletCoupon> coupons, Instant now) {
		Map<ShardLayout.Node, List<WalletCoupon>> byTable = new LinkedHashMap<>();
		for (WalletCoupon coupon : coupons) {
			byTable.computeIfAbsent(this.layout.node("user_coupon", coupon.userId()), node -> new ArrayList<>())
				.add(coupon);
		}
		byTable.forEach((node, rows) -> {
			for (List<WalletCoupon> part : MultiRowSql.chunks(rows)) {
				List<Object> args = new ArrayList<>(part.size() * 8);
				for (WalletCoupon c : part) {
					Collections.addAll(args, c.id(), c.userId(), c.templateId(), c.claimId(), UtcTime.toDb(c.validFrom()),
							UtcTime.toDb(c.validUntil()), UtcTime.toDb(now), UtcTime.toDb(now));
				}
				this.databases.get(node.dataSource()).update("""
						INSERT IGNORE INTO %s (id, user_id, template_id, claim_id, status, valid_from, valid_until,
						  created_at, updated_at, version)
						VALUES %s""".formatted(node.table(), MultiRowSql.repeat("(?, ?, ?, ?, 'UNUSED', ?, ?, ?, ?, 0)", part.size())),
						args.toArray());
			}
		});
	}

}
