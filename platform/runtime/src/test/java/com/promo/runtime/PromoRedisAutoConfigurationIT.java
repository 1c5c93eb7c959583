package com.promo.runtime;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.promo.testsupport.TestInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PromoRedisAutoConfiguration on the real Redis Cluster: the redis health component, with masters made to stall: a script that
 * keeps a master busy holds up every command sent to it, as a slow machine or a node busy with
 * other work does.
 */
class PromoRedisAutoConfigurationIT {

	/** Shorter than the cluster's node timeout (2 s, infra/redis-cluster.sh): no failover starts. */
	static final long STALL_MILLIS = 1500;

	static final String STALL = """
			local start = redis.call('TIME')
			while true do
			  local now = redis.call('TIME')
			  if (now[1] - start[1]) * 1000000 + (now[2] - start[2]) > tonumber(ARGV[1]) * 1000 then return 1 end
			end""";

	static RedisClusterClient cluster;

	static List<RedisURI> masters;

	@BeforeAll
	static void findTheMasters() {
		List<RedisURI> seeds = List.of(TestInfrastructure.get().redisClusterNodes().split(","))
			.stream()
			.map(node -> RedisURI.create("redis://" + node))
			.toList();
		cluster = RedisClusterClient.create(seeds);
		masters = cluster.getPartitions()
			.stream()
			.filter(node -> node.is(NodeFlag.UPSTREAM))
			.map(node -> node.getUri())
			.toList();
		assertThat(masters).as("the cluster's masters").hasSize(3);
	}

	@AfterAll
	static void close() {
		cluster.shutdown();
	}

	ApplicationContextRunner contexts(String healthTimeout) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PromoRedisAutoConfiguration.class,
					DataRedisHealthContributorAutoConfiguration.class, DataRedisReactiveHealthContributorAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.cluster.nodes=" + TestInfrastructure.get().redisClusterNodes(),
					"spring.data.redis.timeout=2s", "promo.redis.health-timeout=" + healthTimeout);
	}

	@Test
	void redisTemplatesHandTheirCallbacksTheConnectionWithoutAProxy() {
		contexts("4s").run(context -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			assertThat(template.isExposeConnection()).isTrue();
			String key = "it-expose-" + UUID.randomUUID();
			template.opsForValue().set(key, "1", Duration.ofMinutes(1));
			assertThat(template.execute(RedisScript.of("return redis.call('INCR', KEYS[1])", Long.class), List.of(key)))
				.as("a script call through the exposed connection").isEqualTo(2L);
		});
	}

	@Test
	void aHealthTimeoutThatIsNotPositiveStopsTheStartNamingTheProperty() {
		contexts("0s").run(context -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("promo.redis.health-timeout must be positive"));
	}

	@Test
	void aHealthyClusterIsUpWithWhatTheFirstMasterSaid() {
		contexts("4s").run(context -> {
			assertThat(context).getBean("redisHealthIndicator").isInstanceOf(RedisClusterHealthIndicator.class);
			assertThat(context).doesNotHaveBean("redisHealthContributor");

			Health health = context.getBean("redisHealthIndicator", HealthIndicator.class).health(true);

			assertThat(health.getStatus()).as("%s", health).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("cluster_state", "ok")
				.containsEntry("slots_up", 16384L)
				.containsEntry("masters_asked", 3);
		});
	}

	@Test
	void aStalledMasterLeavesTheCheckUpAndQuick() {
		contexts("1s").run(context -> {
			HealthIndicator redis = context.getBean("redisHealthIndicator", HealthIndicator.class);
			assertThat(redis.health(true).getStatus()).isEqualTo(Status.UP); // connected to every master

			RedisURI stalled = masters.get(0);
			try (Stall stall = new Stall(stalled)) {
				long started = System.nanoTime();
				Health health = redis.health(true);
				long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

				assertThat(stall.pingMillis()).as("a PING to the stalled master %s waited for the stall", stalled)
					.isGreaterThanOrEqualTo(STALL_MILLIS / 2);
				assertThat(health.getStatus()).as("%s", health).isEqualTo(Status.UP);
				assertThat(health.getDetails().get("answered_by")).isNotEqualTo(stalled.getHost() + ":" + stalled.getPort());
				assertThat(tookMillis).as("the check's time with one master stalled").isLessThan(STALL_MILLIS / 2);
			}
		});
	}

	@Test
	void noMasterAnsweringInTimeIsDown() {
		contexts("500ms").run(context -> {
			HealthIndicator redis = context.getBean("redisHealthIndicator", HealthIndicator.class);
			assertThat(redis.health(true).getStatus()).isEqualTo(Status.UP);

			try (Stall first = new Stall(masters.get(0)); Stall second = new Stall(masters.get(1));
					Stall third = new Stall(masters.get(2))) {
				long started = System.nanoTime();
				Health health = redis.health(true);
				long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

				assertThat(health.getStatus()).as("%s", health).isEqualTo(Status.DOWN);
				assertThat(String.valueOf(health.getDetails().get("error"))).contains("none of 3 masters answered");
				assertThat(tookMillis).as("the check's time").isBetween(450L, STALL_MILLIS - 100);
				assertThat(first.pingMillis()).isGreaterThanOrEqualTo(STALL_MILLIS / 2);
			}
		});
		// the stalls are over: the same check is UP again
		contexts("500ms").run(context -> assertThat(
				context.getBean("redisHealthIndicator", HealthIndicator.class).health(true).getStatus())
			.isEqualTo(Status.UP));
	}

	/**
	 * A master kept busy by a script for {@link #STALL_MILLIS}, from a connection of its own; a
	 * second connection's PING measures the stall. Closing waits for both.
	 */
	static final class Stall implements AutoCloseable {

		private final RedisClient client;

		private final CompletableFuture<Object> script;

		private final CompletableFuture<Long> ping;

		Stall(RedisURI master) throws InterruptedException {
			this.client = RedisClient.create(master);
			this.client.setDefaultTimeout(Duration.ofSeconds(10));
			StatefulRedisConnection<String, String> busy = this.client.connect();
			StatefulRedisConnection<String, String> probe = this.client.connect();
			this.script = busy.async()
				.eval(STALL, ScriptOutputType.INTEGER, new String[0], String.valueOf(STALL_MILLIS))
				.toCompletableFuture();
			Thread.sleep(100); // the script has started
			long sent = System.nanoTime();
			this.ping = probe.async()
				.ping()
				.toCompletableFuture()
				.thenApply(pong -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
		}

		long pingMillis() throws Exception {
			return this.ping.get(10, TimeUnit.SECONDS);
		}

		@Override
		public void close() throws Exception {
			this.script.get(10, TimeUnit.SECONDS);
			this.ping.get(10, TimeUnit.SECONDS);
			this.client.shutdown();
		}

	}

}
