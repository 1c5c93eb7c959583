package com.promo.coupon;

import java.time.Duration;

import com.promo.sharding.ShardLayout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sharded service's scheduled jobs lock in its first database: the lock table is one of its
 * single tables there (ShardingSphere routes it to ds_0 like the others), and the lock provider
 * writes it through ds_0's own pool. No other shard has the table.
 */
class SchedulerLocksIT extends CouponServiceTestBase {

	static final String JOBS = "('coupon-wallet-sweep', 'coupon-template-sweep', 'outbox-resubmission')";

	@Autowired
	ShardLayout layout;

	@Autowired
	MeterRegistry meters;

	@Test
	void theServicesJobsTakeTheirLocksInTheFirstDatabase() {
		JdbcTemplate first = new JdbcTemplate(this.layout.firstDatabase());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> first.queryForObject("SELECT COUNT(*) FROM shedlock WHERE name IN " + JOBS, Integer.class) == 3);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM shedlock WHERE name IN " + JOBS, Integer.class))
			.as("the same rows through ShardingSphere")
			.isEqualTo(3);
		for (int database = 1; database < this.layout.properties().databases(); database++) {
			assertThat(new JdbcTemplate(this.layout.dataSource("ds_" + database)).queryForObject(
					"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'shedlock'",
					Integer.class))
				.as("lock table in ds_%d", database)
				.isZero();
		}
		// the wallet sweep (every 500 ms here) keeps running through its lock
		double before = rounds("coupon-wallet-sweep", "ran");
		await().atMost(Duration.ofSeconds(10)).until(() -> rounds("coupon-wallet-sweep", "ran") >= before + 3);
		assertThat(rounds("coupon-wallet-sweep", "failed")).isZero();
	}

	private double rounds(String job, String result) {
		Counter counter = this.meters.find("promo.scheduler.runs").tags("job", job, "result", result).counter();
		return counter == null ? 0 : counter.count();
	}

}
