package com.promo.crowd.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * A connection of crowd-sync's own to the Redis Cluster, for bulk work: the batch sends many
 * script calls without waiting for each answer (Lettuce pipelines them per node), and the sweeper
 * scans every node. It comes from the same Lettuce client as Spring's connections (same topology
 * refresh), but is never shared with request traffic. {@link #pipeline()} gives a connection of
 * its own that writes only when flushed.
 */
@Component
public class RedisBulk implements DisposableBean {

	private final LettuceConnectionFactory factory;

	private volatile StatefulRedisClusterConnection<String, String> connection;

	private RedisClusterClient pipelineClient;

	private ClientResources pipelineResources;

	RedisBulk(LettuceConnectionFactory factory) {
		this.factory = factory;
	}

	public RedisAdvancedClusterAsyncCommands<String, String> async() {
		return connection().async();
	}

	public RedisAdvancedClusterCommands<String, String> sync() {
		return connection().sync();
	}

	/**
	 * Runs {@code script} by its digest, sending the source once when a node does not know it yet
	 * (a new node after a failover, say).
	 */
	public CompletableFuture<Long> eval(Script script, String[] keys, String... args) {
		return eval(async(), script, keys, args);
	}

	/**
	 * A new connection that sends its commands only on {@link Pipeline#flush()}: the calls of a
	 * whole chunk leave in one write per node instead of one per call. Close it after use. Its keys
	 * and values are bytes: Lettuce writes a byte array straight into the output buffer, where a
	 * UTF-8 string key goes through a temporary buffer of its own and is encoded once more to find
	 * its slot (argument encoding was over half of the loader's Redis I/O thread).
	 */
	public Pipeline pipeline() {
		StatefulRedisClusterConnection<byte[], byte[]> pipelined = pipelineClient().connect(ByteArrayCodec.INSTANCE);
		pipelined.setAutoFlushCommands(false);
		return new Pipeline(pipelined);
	}

	/**
	 * A client of its own for the pipelines, with the shared client's nodes and options but no
	 * per-command latency timers: recording one per script call took a fifth of the loader's CPU
	 * (the batch reports its own rates).
	 */
	private synchronized RedisClusterClient pipelineClient() {
		if (this.pipelineClient == null) {
			connection(); // the shared client knows the cluster's nodes once connected
			RedisClusterClient shared = (RedisClusterClient) this.factory.getNativeClient();
			List<RedisURI> nodes = new java.util.ArrayList<>();
			for (RedisClusterNode node : shared.getPartitions()) {
				nodes.add(node.getUri());
			}
			this.pipelineResources = DefaultClientResources.builder()
				.commandLatencyRecorder(CommandLatencyRecorder.disabled())
				.build();
			this.pipelineClient = RedisClusterClient.create(this.pipelineResources, nodes);
			if (shared.getOptions() instanceof ClusterClientOptions options) {
				this.pipelineClient.setOptions(options);
			}
		}
		return this.pipelineClient;
	}

	private static CompletableFuture<Long> eval(RedisAdvancedClusterAsyncCommands<String, String> commands,
			Script script, String[] keys, String... args) {
		CompletableFuture<Long> byDigest = commands.<Long>evalsha(script.sha(), ScriptOutputType.INTEGER, keys, args)
			.toCompletableFuture();
		return byDigest.exceptionallyCompose((failure) -> {
			Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
			if (cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT")) {
				return commands.<Long>eval(script.source(), ScriptOutputType.INTEGER, keys, args).toCompletableFuture();
			}
			return CompletableFuture.failedFuture(cause);
		});
	}

	private StatefulRedisClusterConnection<String, String> connection() {
		StatefulRedisClusterConnection<String, String> current = this.connection;
		if (current == null) {
			synchronized (this) {
				if (this.connection == null) {
					this.connection = ((RedisClusterClient) this.factory.getNativeClient()).connect(StringCodec.UTF8);
				}
				current = this.connection;
			}
		}
		return current;
	}

	@Override
	public void destroy() {
		if (this.connection != null) {
			this.connection.close();
		}
		if (this.pipelineClient != null) {
			this.pipelineClient.shutdown();
			this.pipelineResources.shutdown();
		}
	}

	/**
	 * A connection that writes on {@link #flush()} only (not thread-safe: one user at a time).
	 * {@link #await} flushes again while it waits, so that what Lettuce queued after the first flush
	 * (a call redirected to another node after a failover, a script sent again by its source, a
	 * node connection that opened late) is sent too.
	 */
	public static final class Pipeline implements AutoCloseable {

		private static final long REFLUSH_MILLIS = 100;

		private final StatefulRedisClusterConnection<byte[], byte[]> connection;

		private Pipeline(StatefulRedisClusterConnection<byte[], byte[]> connection) {
			this.connection = connection;
		}

		/**
		 * Queues a script call (sent on the next flush) whose arguments {@code arguments} adds to
		 * the command: add numbers as {@code long} and text as bytes, both written straight into the
		 * output buffer (a string would be encoded through a buffer of its own). {@code keys} are
		 * encoded keys ({@link MembershipKeys#encoded}).
		 */
		public CompletableFuture<Long> eval(Script script, byte[][] keys, Consumer<CommandArgs<byte[], byte[]>> arguments) {
			RedisAdvancedClusterAsyncCommands<byte[], byte[]> commands = this.connection.async();
			CompletableFuture<Long> byDigest = commands
				.dispatch(CommandType.EVALSHA, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args(script.sha(), keys, arguments))
				.toCompletableFuture();
			return byDigest.exceptionallyCompose((failure) -> {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				if (cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT")) {
					CompletableFuture<Long> bySource = commands
						.dispatch(CommandType.EVAL, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args(script.source(), keys, arguments))
						.toCompletableFuture();
					flush();
					return bySource;
				}
				return CompletableFuture.failedFuture(cause);
			});
		}

		private static CommandArgs<byte[], byte[]> args(String script, byte[][] keys,
				Consumer<CommandArgs<byte[], byte[]>> arguments) {
			CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).add(script)
				.add(keys.length)
				.addKeys(keys);
			arguments.accept(args);
			return args;
		}

		public void flush() {
			this.connection.flushCommands();
		}

		/** Flushes, then waits for every call; the first failure is thrown. */
		public <T> void await(List<CompletableFuture<T>> calls) {
			flush();
			for (CompletableFuture<T> call : calls) {
				while (true) {
					try {
						call.get(REFLUSH_MILLIS, TimeUnit.MILLISECONDS);
						break;
					}
					catch (TimeoutException ex) {
						flush();
					}
					catch (ExecutionException ex) {
						throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
								: new IllegalStateException(ex.getCause());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException("interrupted while waiting for Redis", ex);
					}
				}
			}
		}

		@Override
		public void close() {
			this.connection.close();
		}

	}

	/** A Lua script from the classpath and its SHA-1 digest. */
	public record Script(String source, String sha) {

		public static Script load(String path) {
			try {
				String source = new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
				byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
				return new Script(source, HexFormat.of().formatHex(digest));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
