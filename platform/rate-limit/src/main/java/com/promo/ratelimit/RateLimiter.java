package com.promo.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The platform's rate limiter: a token bucket per (limit name, subject) in the Redis Cluster, so
 * every instance of a service (and the gateway) spends one shared budget. Each decision is one
 * Lua script run (refill by Redis's clock, take a token, set the expiry) on the bucket's one key:
 * no read-then-compare-and-swap round trips, so a hot key (one IP hammering) costs one call per
 * request, not a retry storm. Bucket keys are {@code rl:{<name>:<subject>}}.
 * <p>
 * Redis errors propagate as Spring's {@code DataAccessException}: the caller decides whether an
 * unreachable limiter fails open or closed.
 */
public class RateLimiter {

	private static final RedisScript<List> TOKEN_BUCKET = tokenBucket();

	private final StringRedisTemplate redis;

	public RateLimiter(StringRedisTemplate redis) {
		this.redis = redis;
	}

	private static RedisScript<List> tokenBucket() {
		// the text once, not the resource: a resource script is checked for changes on every call
		// (a synchronized last-modified look-up that throws inside a jar)
		try {
			return RedisScript.of(
					new ClassPathResource("promo-rate-limit/token-bucket.lua").getContentAsString(StandardCharsets.UTF_8),
					List.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Takes one request from the budget of {@code subject} under the limit {@code name}.
	 * @param name what is limited, e.g. {@code flash-token-user}
	 * @param subject whose budget, e.g. a user id or an IP address
	 */
	public Decision tryAcquire(String name, String subject, Budget budget) {
		List<?> reply = this.redis.execute(TOKEN_BUCKET, List.of(key(name, subject)),
				Integer.toString(budget.capacity()), Long.toString(budget.period().toMillis()));
		if (reply == null || reply.size() < 2) {
			throw new IllegalStateException("token bucket script answered " + reply);
		}
		if (((Number) reply.get(0)).longValue() == 1) {
			return Decision.ALLOWED;
		}
		return new Decision(false, Duration.ofMillis(((Number) reply.get(1)).longValue()));
	}

	/** Forgets a budget (tests, or an operator lifting a block). */
	public void reset(String name, String subject) {
		this.redis.delete(key(name, subject));
	}

	static String key(String name, String subject) {
		return "rl:{" + name + ":" + subject + "}";
	}

}
