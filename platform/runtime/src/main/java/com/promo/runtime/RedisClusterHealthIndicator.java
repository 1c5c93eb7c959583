package com.promo.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.redis.connection.ClusterInfo;
import org.springframework.data.redis.connection.convert.Converters;

/**
 * The {@code redis} health component: UP when a master of the Redis Cluster answers
 * {@code CLUSTER INFO} within the timeout with {@code cluster_state:ok}, DOWN when the answer is
 * another state or no master answers in time.
 * <p>
 * Boot's own check asks one node picked at random (replicas too) within the data path's command
 * timeout (2 s), on the connection the requests share: one stalled answer on a busy machine, or a
 * replica busy resyncing after a failover, turned a working cluster DOWN and took a healthy pod out
 * of service (a CI run saw it). This one asks every master at once and takes the first answer, over
 * one connection of its own kept for the life of the service, with a timeout of its own
 * ({@code promo.redis.health-timeout}).
 */
public class RedisClusterHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final Supplier<RedisClusterClient> client;

	private final Duration timeout;

	private volatile StatefulRedisClusterConnection<String, String> connection;

	/**
	 * @param client the application's cluster client (asked for on the first check: the connection
	 * factory creates it when it starts), whose topology refresh this connection follows too
	 * @param timeout how long a check waits for the first master's answer
	 */
	public RedisClusterHealthIndicator(Supplier<RedisClusterClient> client, Duration timeout) {
		super("Redis health check failed");
		this.client = client;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		StatefulRedisClusterConnection<String, String> cluster = connection();
		List<RedisClusterNode> masters = cluster.getPartitions()
			.stream()
			.filter(node -> node.is(NodeFlag.UPSTREAM) && !node.is(NodeFlag.FAIL))
			.toList();
		if (masters.isEmpty()) {
			builder.down().withDetail("error", "no master in the cluster's topology");
			return;
		}
		Answer first = firstAnswer(cluster, masters);
		ClusterInfo info = new ClusterInfo(Converters.toProperties(first.info()));
		if ("ok".equals(info.getState())) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetail("cluster_state", info.getState())
			.withDetail("cluster_size", info.getClusterSize())
			.withDetail("slots_up", info.getSlotsOk())
			.withDetail("slots_fail", info.getSlotsFail())
			.withDetail("answered_by", first.node())
			.withDetail("masters_asked", masters.size());
	}

	private record Answer(String node, String info) {
	}

	/** The first master's answer; fails when every master failed or none answered in time. */
	private Answer firstAnswer(StatefulRedisClusterConnection<String, String> cluster, List<RedisClusterNode> masters)
			throws InterruptedException, ExecutionException, TimeoutException {
		CompletableFuture<Answer> first = new CompletableFuture<>();
		AtomicInteger failed = new AtomicInteger();
		for (RedisClusterNode master : masters) {
			String node = master.getUri().getHost() + ":" + master.getUri().getPort();
			cluster.getConnectionAsync(master.getNodeId()).thenCompose(connection -> {
				connection.setTimeout(this.timeout);
				return connection.async().clusterInfo();
			}).whenComplete((info, failure) -> {
				if (failure == null) {
					first.complete(new Answer(node, info));
				}
				else if (failed.incrementAndGet() == masters.size()) {
					first.completeExceptionally(failure);
				}
			});
		}
		try {
			return first.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new TimeoutException("none of " + masters.size() + " masters answered CLUSTER INFO within " + this.timeout);
		}
	}

	private StatefulRedisClusterConnection<String, String> connection() {
		StatefulRedisClusterConnection<String, String> connection = this.connection;
		if (connection == null) {
			synchronized (this) {
				connection = this.connection;
				if (connection == null) {
					connection = this.client.get().connect();
					connection.setTimeout(this.timeout);
					this.connection = connection;
				}
			}
		}
		return connection;
	}

	@Override
	public void destroy() {
		StatefulRedisClusterConnection<String, String> connection = this.connection;
		if (connection != null) {
			connection.close();
		}
	}

}
