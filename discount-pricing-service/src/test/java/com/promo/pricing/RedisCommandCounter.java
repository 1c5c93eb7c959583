package com.promo.pricing;

import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

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

	@TestConfiguration(proxyBeanMethods = false)
	public static class Installed {

		public static final RedisCommandCounter COUNTER = new RedisCommandCounter();

		@Bean
		ClientResourcesBuilderCustomizer countRedisCommands() {
			return builder -> builder.commandLatencyRecorder(COUNTER);
		}

	}

}
