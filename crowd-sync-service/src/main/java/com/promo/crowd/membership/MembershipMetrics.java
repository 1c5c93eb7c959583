package com.promo.crowd.membership;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.relation.CrowdType;
import com.promo.runtime.UtcTime;
import com.promo.sharding.ShardLayout;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code crowd.memberships{type}}: how many (user, seller) relations put a user in each crowd type,
 * counted in the relation store every few minutes (a background scan of every shard, never on a
 * request path).
 */
@Component
class MembershipMetrics {

	private static final Logger logger = LoggerFactory.getLogger(MembershipMetrics.class);

	private final ShardLayout layout;

	private final CrowdSyncProperties properties;

	private final Clock clock;

	private final Map<CrowdType, AtomicLong> counts = new EnumMap<>(CrowdType.class);

	MembershipMetrics(ShardLayout layout, CrowdSyncProperties properties, Clock clock, MeterRegistry meters) {
		this.layout = layout;
		this.properties = properties;
		this.clock = clock;
		for (CrowdType type : CrowdType.values()) {
			AtomicLong count = new AtomicLong();
			this.counts.put(type, count);
			Gauge.builder("crowd.memberships", count, AtomicLong::get)
				.description("Relations that put a user in a crowd of this type (relation store)")
				.tag("type", type.name())
				.register(meters);
		}
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${promo.crowd.metrics-interval:5m}")
	void refresh() {
		try {
			Map<CrowdType, Long> totals = count();
			totals.forEach((type, total) -> this.counts.get(type).set(total));
		}
		catch (RuntimeException ex) {
			logger.warn("Counting memberships failed; keeping the last figures", ex);
		}
	}

	Map<CrowdType, Long> count() {
		Object oldBefore = UtcTime.toDb(this.clock.instant().minus(this.properties.oldFanAge()));
		Map<CrowdType, Long> totals = new EnumMap<>(CrowdType.class);
		for (CrowdType type : CrowdType.values()) {
			totals.put(type, 0L);
		}
		for (DataSource database : this.layout.physical().values()) {
			JdbcTemplate jdbc = new JdbcTemplate(database);
			for (int table = 0; table < this.layout.properties().tablesPerDatabase(); table++) {
				jdbc.query("SELECT COUNT(*), COALESCE(SUM(followed_at <= ?), 0), COALESCE(SUM(first_purchase_at IS NOT NULL), 0) "
						+ "FROM follow_relation_" + table + " WHERE following = TRUE", (rs) -> {
							totals.merge(CrowdType.ALL_FANS, rs.getLong(1), Long::sum);
							totals.merge(CrowdType.OLD_FANS, rs.getLong(2), Long::sum);
							totals.merge(CrowdType.BUY_FANS, rs.getLong(3), Long::sum);
						}, oldBefore);
			}
		}
		return totals;
	}

}
