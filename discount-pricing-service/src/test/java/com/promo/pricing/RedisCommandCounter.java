package com.promo.pricing;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.awaitility.Awaitility.await;

/**
 * Records every command this application's Lettuce client completes against the Redis Cluster
 * (Lettuce reports each one to the command latency recorder), so a test can count the round trips
 * a request costs. Cluster housekeeping (topology refresh, health checks) is left out.
 */
public class RedisCommandCounter implements CommandLatencyRecorder {

	static final Set<String> HOUSEKEEPING = Set.of("CLUSTER", "CLIENT", "HELLO", "PING", "INFO", "COMMAND", "READONLY",
			"AUTH", "SELECT");

	private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();

	@Override
	public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword commandType,
			long firstResponseLatency, long completionLatency) {
		String name = commandType.toString();
		if (!HOUSEKEEPING.contains(name)) {
			this.commands.add(name);
		}
	}

	public void reset() {
		this.commands.clear();
	}

	public List<String> commands() {
		return List.copyOf(this.commands);
	}

	/**
	 * The commands recorded before now, once every one of them has been reported: an ECHO sent
	 * through the same client ({@code redis}) after them is awaited, and what was recorded before it
	 * is returned (Lettuce reports a command on its own thread; a command that completed before the
	 * ECHO was sent is reported before the ECHO's answer arrives).
	 */
	public List<String> commandsSoFar(StringRedisTemplate redis) {
		redis.execute((RedisCallback<byte[]>) connection -> connection.echo(MARKER));
		List<String> recorded = await().atMost(Duration.ofSeconds(10)).until(this::commands, c -> c.contains("ECHO"));
		return recorded.subList(0, recorded.indexOf("ECHO"));
	}

	private static final byte[] MARKER = "recorded-so-far".getBytes(StandardCharsets.UTF_8);

	@TestConfiguration(proxyBeanMethods = false)
	public static class Installed {

		public static final RedisCommandCounter COUNTER = new RedisCommandCounter();

		@Bean
		ClientResourcesBuilderCustomizer countRedisCommands() {
			return builder -> builder.commandLatencyRecorder(COUNTER);
		}

	}

}
