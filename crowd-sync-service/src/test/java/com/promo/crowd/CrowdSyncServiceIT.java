package com.promo.crowd;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.promo.sharding.ShardLayout;
import com.promo.testsupport.HealthProbe;
import com.promo.testsupport.OpenApiSnapshots;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class CrowdSyncServiceIT extends CrowdSyncTestBase {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ShardLayout layout;

	@Test
	void readinessIncludesTheShardedRelationStoreRedisClusterAndKafka() {
		HealthProbe.assertReady("http://localhost:" + this.port, "db", "redis", "kafka");
	}

	@Test
	void theCommittedOpenApiDocumentIsTheOneTheServiceServes() {
		OpenApiSnapshots.assertCommitted("http://localhost:" + this.port, "crowd-sync-service", getClass());
	}

	@Test
	void relationsOfOneUserLandInTheShardOfThatUser() {
		long user = 7_000_000L + (System.nanoTime() % 1_000_000L);
		Timestamp now = Timestamp.from(Instant.now());
		for (long seller = 1; seller <= 3; seller++) {
			this.jdbc.update("""
					INSERT INTO follow_relation (user_id, seller_id, following, followed_at, last_event_at)
					VALUES (?, ?, TRUE, ?, ?)""", user, seller, now, now);
		}
		String node = this.layout.nodeOf("follow_relation", user);
		DataSource physical = this.layout.physical().get(node.substring(0, node.indexOf('.')));
		String table = node.substring(node.indexOf('.') + 1);

		assertThat(new JdbcTemplate(physical).queryForObject("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?",
				Integer.class, user))
			.isEqualTo(3);
		assertThat(this.jdbc.queryForList("SELECT seller_id FROM follow_relation WHERE user_id = ? ORDER BY seller_id",
				Long.class, user))
			.containsExactly(1L, 2L, 3L);
	}

	@Test
	void aUsersCrowdHashAnswersManyCandidatesInOneCommand() {
		String key = "{u:" + UUID.randomUUID() + "}:crowds";
		long expiry = Instant.now().plusSeconds(3600).getEpochSecond();
		this.redis.opsForHash().put(key, "10_all_fans", Long.toString(expiry));
		this.redis.opsForHash().put(key, "11_buy_fans", Long.toString(expiry));

		List<Object> values = this.redis.opsForHash().multiGet(key, List.of("10_all_fans", "10_old_fans", "11_buy_fans"));

		assertThat(values).containsExactly(Long.toString(expiry), null, Long.toString(expiry));
	}

}
