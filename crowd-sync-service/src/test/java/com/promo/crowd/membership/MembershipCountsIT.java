package com.promo.crowd.membership;

import java.time.Duration;

import com.promo.crowd.CrowdSyncTestBase;
import com.promo.sharding.ShardLayout;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One instance counts the memberships, every instance exports the counts: an instance whose
 * counting round finds the lock held still sets its gauge, to the figures stored by the holder.
 */
class MembershipCountsIT extends CrowdSyncTestBase {

	@Autowired
	MembershipMetrics metrics;

	@Autowired
	ShardLayout layout;

	@Autowired
	MeterRegistry meters;

	@Test
	void anInstanceThatDoesNotCountExportsTheCountsStoredByTheOneThatDid() {
		JdbcTemplate first = new JdbcTemplate(this.layout.firstDatabase());
		// the start-up round counted and stored
		await().atMost(Duration.ofSeconds(30))
			.until(() -> first.queryForObject("SELECT COUNT(*) FROM crowd_membership_count", Integer.class) == 3);
		// another instance holds the count's lock and has just stored its figures
		first.update("UPDATE shedlock SET lock_until = TIMESTAMPADD(MINUTE, 1, UTC_TIMESTAMP(3)), locked_by = 'another'"
				+ " WHERE name = 'crowd-membership-count'");
		first.update("UPDATE crowd_membership_count SET total = 424242 WHERE crowd_type = 'ALL_FANS'");
		try {
			this.metrics.refresh();
			assertThat(this.meters.get("crowd.memberships").tag("type", "ALL_FANS").gauge().value()).isEqualTo(424242.0);
			assertThat(this.meters.get("promo.scheduler.runs")
				.tags("job", "crowd-membership-count", "result", "skipped")
				.counter()
				.count()).isPositive();
		}
		finally {
			first.update("UPDATE shedlock SET lock_until = UTC_TIMESTAMP(3) WHERE name = 'crowd-membership-count'");
		}
	}

}
