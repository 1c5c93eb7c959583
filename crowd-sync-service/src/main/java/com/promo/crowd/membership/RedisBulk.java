package com.promo.crowd.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.StringCodec;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * A connection of crowd-sync's own to the Redis Cluster, for bulk work: the batch sends many
 * script calls without waiting for each answer (Lettuce pipelines them per node), and the sweeper
 * scans every node. It comes from the same Lettuce client as Spring's connections (same topology
 * refresh), but is never shared with request traffic.
 */
@Component
public class RedisBulk implements DisposableBean {

	private final LettuceConnectionFactory factory;

	private volatile StatefulRedisClusterConnection<String, String> connection;

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
		RedisAdvancedClusterAsyncCommands<String, String> commands = async();
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
