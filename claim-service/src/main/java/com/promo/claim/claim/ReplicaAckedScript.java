package com.promo.claim.claim;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.promo.claim.ClaimProperties;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * claim.lua followed by {@code WAIT 1 <promo.claim.replica-ack-timeout>}, pipelined on the same
 * connection to the master that owns the template's slot: a reservation is answered only once a
 * replica has it (or the short timeout passed), so a failover right after the 201 rarely loses it.
 * <p>
 * Why not Spring Data Redis: WAIT has no key, so a cluster connection would send it to an
 * arbitrary node, and a pipeline ({@code executePipelined}) does not route EVALSHA by key either.
 * This class asks Lettuce for the slot's master itself and sends both commands on that node's
 * connection. WAIT blocks the connection it runs on until the ack, so these connections are its
 * own (a few, {@code promo.claim.replica-ack-connections}), never the shared one everything else
 * uses. A MOVED answer (a failover or a slot migration the topology has not caught up with yet)
 * runs the claim through Spring's cluster-aware path instead, without the wait, and refreshes the
 * topology. Redis errors come out as Spring's {@link RedisSystemException}, like the other path's.
 */
@Component
class ReplicaAckedScript implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ReplicaAckedScript.class);

	private final RedisConnectionFactory factory;

	private final StringRedisTemplate redis;

	private final long ackTimeoutMillis;

	private final int connectionCount;

	private final AtomicInteger next = new AtomicInteger();

	private final Counter acked;

	private final Counter notAcked;

	private final Counter redirected;

	private volatile List<StatefulRedisClusterConnection<String, String>> connections;

	private volatile Duration commandTimeout = Duration.ofSeconds(2);

	private volatile RedisClusterClient client;

	ReplicaAckedScript(RedisConnectionFactory factory, StringRedisTemplate redis, ClaimProperties properties,
			MeterRegistry meters) {
		this.factory = factory;
		this.redis = redis;
		this.ackTimeoutMillis = properties.replicaAckTimeout().toMillis();
		this.connectionCount = Math.max(1, properties.replicaAckConnections());
		this.acked = meters.counter("promo.claim.replica.ack", "result", "acked");
		this.notAcked = meters.counter("promo.claim.replica.ack", "result", "timeout");
		this.redirected = meters.counter("promo.claim.replica.ack", "result", "redirected");
	}

	/** Off with a timeout of 0, or when Redis is not a cluster (then there is no node to pick). */
	boolean enabled() {
		return this.ackTimeoutMillis > 0 && this.factory instanceof LettuceConnectionFactory lettuce
				&& lettuce.getClusterConfiguration() != null;
	}

	Reservation claim(List<String> keys, String[] args) {
		String[] keyArray = keys.toArray(String[]::new);
		try {
			List<StatefulRedisClusterConnection<String, String>> pool = connections();
			StatefulRedisClusterConnection<String, String> cluster = pool
				.get(Math.floorMod(this.next.getAndIncrement(), pool.size()));
			RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(keyArray[0]));
			if (master == null) {
				return viaSpring(keys, args);
			}
			RedisAsyncCommands<String, String> node = cluster.getConnection(master.getNodeId()).async();
			RedisFuture<List<Object>> reply = node.evalsha(ClaimStore.CLAIM.getSha1(), ScriptOutputType.MULTI, keyArray,
					args);
			RedisFuture<Long> replicas = node.waitForReplication(1, this.ackTimeoutMillis);
			List<Object> result;
			try {
				result = await(reply);
			}
			catch (RedisNoScriptException ex) {
				// the node has not seen the script yet (a new or restarted master): load it and run it once more
				await(node.scriptLoad(ClaimStore.CLAIM.getScriptAsString()));
				result = await(node.evalsha(ClaimStore.CLAIM.getSha1(), ScriptOutputType.MULTI, keyArray, args));
				replicas = node.waitForReplication(1, this.ackTimeoutMillis);
			}
			Reservation reservation = ScriptReplies.claim(result);
			if (reservation instanceof Reservation.Reserved) {
				// not acknowledged in time: the reservation stands; reconciliation covers a failover now
				(await(replicas) >= 1 ? this.acked : this.notAcked).increment();
			}
			return reservation;
		}
		catch (RedisCommandExecutionException ex) {
			if (isRedirect(ex)) {
				// nothing ran on this node; the cluster-aware path follows the redirect
				this.redirected.increment();
				client().refreshPartitionsAsync();
				return viaSpring(keys, args);
			}
			throw new RedisSystemException("claim script failed: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			if (ex instanceof RedisSystemException || ex instanceof IllegalStateException) {
				throw ex;
			}
			throw new RedisSystemException("claim script failed: " + ex.getMessage(), ex);
		}
	}

	private Reservation viaSpring(List<String> keys, String[] args) {
		return ScriptReplies.claim(this.redis.execute(ClaimStore.CLAIM, keys, (Object[]) args));
	}

	private static boolean isRedirect(RedisCommandExecutionException ex) {
		String message = String.valueOf(ex.getMessage());
		return message.startsWith("MOVED") || message.startsWith("ASK") || message.startsWith("CLUSTERDOWN")
				|| message.startsWith("READONLY");
	}

	private <T> T await(RedisFuture<T> future) {
		try {
			return future.get(this.commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RedisCommandExecutionException command) {
				throw command;
			}
			throw new RedisSystemException("Redis command failed: " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new RedisSystemException("Redis did not answer within " + this.commandTimeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("interrupted while waiting for Redis", ex);
		}
	}

	private RedisClusterClient client() {
		if (this.client == null) {
			this.client = (RedisClusterClient) ((LettuceConnectionFactory) this.factory).getRequiredNativeClient();
		}
		return this.client;
	}

	private List<StatefulRedisClusterConnection<String, String>> connections() {
		List<StatefulRedisClusterConnection<String, String>> pool = this.connections;
		if (pool == null) {
			synchronized (this) {
				pool = this.connections;
				if (pool == null) {
					LettuceConnectionFactory lettuce = (LettuceConnectionFactory) this.factory;
					this.commandTimeout = lettuce.getClientConfiguration().getCommandTimeout();
					RedisClusterClient cluster = client();
					pool = java.util.stream.IntStream.range(0, this.connectionCount)
						.mapToObj(i -> cluster.connect(StringCodec.UTF8))
						.toList();
					this.connections = pool;
					log.info("claims wait for a replica's acknowledgement (up to {} ms) on {} connections",
							this.ackTimeoutMillis, pool.size());
				}
			}
		}
		return pool;
	}

	@Override
	public void destroy() {
		List<StatefulRedisClusterConnection<String, String>> pool = this.connections;
		if (pool != null) {
			pool.forEach(StatefulRedisClusterConnection::close);
		}
	}

}
