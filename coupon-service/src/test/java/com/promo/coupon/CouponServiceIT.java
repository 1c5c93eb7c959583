package com.promo.coupon;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.promo.sharding.ShardLayout;
import com.promo.testsupport.HealthProbe;
import com.promo.testsupport.OpenApiSnapshots;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The wallet's ShardingSphere data source on real MariaDB: 2 databases x 4 tables. */
class CouponServiceIT extends CouponServiceTestBase {

	@Autowired
	ShardLayout layout;

	@Test
	void readinessIncludesTheShardedDatabaseRedisClusterAndKafka() {
		HealthProbe.assertReady("http://localhost:" + this.port, "db", "redis", "kafka");
	}

	@Test
	void theCommittedOpenApiDocumentIsTheOneTheServiceServes() {
		OpenApiSnapshots.assertCommitted("http://localhost:" + this.port, "coupon-service", getClass());
	}

	@Test
	void flywayMigratedEveryPhysicalDatabase() {
		assertThat(this.layout.physical()).hasSize(2);
		for (DataSource physical : this.layout.physical().values()) {
			JdbcTemplate direct = new JdbcTemplate(physical);
			assertThat(direct.queryForList("""
					SELECT table_name FROM information_schema.tables
					WHERE table_schema = DATABASE() AND table_name LIKE 'user\\_coupon\\_%' ORDER BY table_name""",
					String.class))
				.containsExactly("user_coupon_0", "user_coupon_1", "user_coupon_2", "user_coupon_3");
			assertThat(direct.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version = '1'",
					Integer.class))
				.isEqualTo(1);
		}
	}

	@Test
	void rowsAreRoutedByUserIdIntoEveryDatabaseAndTable() {
		long firstUser = 9_000_000L + (System.nanoTime() % 1_000_000L) * 64;
		Timestamp now = Timestamp.from(Instant.now());
		for (long user = firstUser; user < firstUser + 64; user++) {
			this.jdbc.update("""
					INSERT INTO user_coupon (id, user_id, template_id, claim_id, status, valid_from, valid_until)
					VALUES (?, ?, 1, ?, 'UNUSED', ?, ?)""", user, user, "claim-" + user, now, now);
		}

		Map<String, Integer> rowsPerNode = new HashMap<>();
		Set<String> databasesUsed = new HashSet<>();
		for (long user = firstUser; user < firstUser + 64; user++) {
			String node = this.layout.nodeOf("user_coupon", user);
			String database = node.substring(0, node.indexOf('.'));
			String table = node.substring(node.indexOf('.') + 1);
			JdbcTemplate direct = new JdbcTemplate(this.layout.physical().get(database));
			assertThat(direct.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?", Integer.class, user))
				.as("user %d expected in %s", user, node)
				.isEqualTo(1);
			rowsPerNode.merge(node, 1, Integer::sum);
			databasesUsed.add(database);
		}
		assertThat(databasesUsed).containsExactlyInAnyOrder("ds_0", "ds_1");
		assertThat(rowsPerNode).hasSize(8).allSatisfy((node, rows) -> assertThat(rows).isEqualTo(8));

		// a read that carries the sharding key finds the row through the logical table
		assertThat(this.jdbc.queryForObject("SELECT claim_id FROM user_coupon WHERE user_id = ?", String.class,
				firstUser + 5))
			.isEqualTo("claim-" + (firstUser + 5));
	}

}
