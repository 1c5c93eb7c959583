package com.promo.crowd;

import java.time.Duration;

import com.promo.sharding.ShardLayout;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** crowd-sync-service's jobs lock in its first database (ShedLock, lock table among the single tables of ds_0). */
class SchedulerLocksIT extends CrowdSyncTestBase {

	@Autowired
	ShardLayout layout;

	@Test
	void theStartupRoundsTookTheirLocksInTheFirstDatabase() {
		JdbcTemplate first = new JdbcTemplate(this.layout.firstDatabase());
		// the membership count (at start-up) and the check for abandoned batches (when ready)
		await().atMost(Duration.ofSeconds(30))
			.until(() -> first.queryForObject(
					"SELECT COUNT(*) FROM shedlock WHERE name IN ('crowd-membership-count', 'crowd-batch-recovery')",
					Integer.class) == 2);
		assertThat(new JdbcTemplate(this.layout.dataSource("ds_1")).queryForObject(
				"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'shedlock'",
				Integer.class))
			.isZero();
	}

}
