package com.promo.crowd.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.relation.CrowdType;
import com.promo.runtime.UtcTime;
import com.promo.scheduling.ClusterJobs;
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
 * <p>
 * The count runs on one instance of the cluster per interval ({@link ClusterJobs}): it scans every
 * shard, which the cluster needs once, not once per instance. The gauge stays per instance, since
 * a scrape may reach any of them: the counting instance stores the figures in
 * {@code crowd_membership_count} (ds_0) and every instance exports what is stored there, read every
 * interval (on the others at most one interval older than the count).
 */
@Component
class MembershipMetrics {

	private static final Logger logger = LoggerFactory.getLogger(MembershipMetrics.class);

	private final ShardLayout layout;

	private final CrowdSyncProperties properties;

	private final Clock clock;

	private final ClusterJobs jobs;

	private final Map<CrowdType, AtomicLong> counts = new EnumMap<>(CrowdType.class);

	MembershipMetrics(ShardLayout layout, CrowdSyncProperties properties, Clock clock, MeterRegistry meters,
			ClusterJobs jobs) {
		this.layout = layout;
		this.properties = properties;
		this.clock = clock;
		this.jobs = jobs;
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
		Duration interval = this.properties.metricsInterval();
		// a count scans every shard: minutes on a large relation store, so three intervals (15 min
		// by default) before another instance takes over from a holder that died counting
		this.jobs.runLocked("crowd-membership-count", interval, interval.multipliedBy(3), this::countAndStore);
		try {
			stored().forEach((type, total) -> this.counts.get(type).set(total));
		}
		catch (RuntimeException ex) {
			logger.warn("Reading the membership counts failed; keeping the last figures", ex);
		}
	}

	private void countAndStore() {
		try {
			Object countedAt = UtcTime.toDb(this.clock.instant());
			JdbcTemplate jdbc = new JdbcTemplate(this.layout.firstDatabase());
			count().forEach((type, total) -> jdbc.update(
					"INSERT INTO crowd_membership_count (crowd_type, total, counted_at) VALUES (?, ?, ?) "
							+ "ON DUPLICATE KEY UPDATE total = VALUES(total), counted_at = VALUES(counted_at)",
					type.name(), total, countedAt));
		}
		catch (RuntimeException ex) {
			logger.warn("Counting memberships failed; keeping the last figures", ex);
		}
	}

	/** The figures of the last count, whichever instance made it. */
	Map<CrowdType, Long> stored() {
		Map<CrowdType, Long> totals = new EnumMap<>(CrowdType.class);
		new JdbcTemplate(this.layout.firstDatabase()).query("SELECT crowd_type, total FROM crowd_membership_count",
				(rs) -> {
					totals.put(CrowdType.valueOf(rs.getString(1)), rs.getLong(2));
				});
		return totals;
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
