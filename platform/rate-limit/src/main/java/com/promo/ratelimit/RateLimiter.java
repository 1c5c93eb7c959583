package com.promo.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The platform's rate limiter: a token bucket per (limit name, subject) in the Redis Cluster, so
 * every instance of a service (and the gateway) spends one shared budget. Each trip to Redis is one
 * Lua script run (refill by Redis's clock, take tokens, set the expiry) on the bucket's one key:
 * no read-then-compare-and-swap round trips. Bucket keys are {@code rl:{<name>:<subject>}}.
 * <p>
 * <b>Leases</b> (what Bucket4j calls batching): a subject that keeps asking takes several tokens
 * per trip and spends them from memory, so one IP or user hammering an instance costs a Redis
 * call per lease instead of per request (the gateway's profile had an eighth of a proxied read in
 * the limiter's Redis call). A lease starts at one token, doubles each time it is used up before it
 * expires, and falls back to one when it was not; it never holds more than a hundredth of the
 * budget (so a budget under 200 is always exact, one token a trip: the flash sale's per-user and
 * per-address budgets, which tests and operators reset and count to the unit) nor 64 tokens, nor
 * lives longer than a second. Tokens are taken from the shared bucket before they are spent, so no instance
 * ever lets more than the budget through; what a lease cannot do is share: another instance may
 * refuse a subject while this one still holds a few of its tokens, and tokens left in an expired
 * lease are lost. Both are bounded by the lease size. A refusal is remembered until the bucket's
 * next token is due (no instance adds tokens, only the refill does), so a subject hammering an
 * empty budget costs no Redis call at all until then.
 * <p>
 * Redis errors propagate as Spring's {@code DataAccessException}: the caller decides whether an
 * unreachable limiter fails open or closed.
 */
public class RateLimiter {

	static final int MAX_LEASE = 64;

	static final Duration LEASE_LIFETIME = Duration.ofSeconds(1);

	private static final RedisScript<List> TOKEN_BUCKET = tokenBucket();

	private final StringRedisTemplate redis;

	private final Cache<String, Lease> leases = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(LEASE_LIFETIME)
		.executor(Runnable::run) // evictions on the calling thread: no work for the common pool
		.build();

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
		String key = key(name, subject);
		long now = System.nanoTime();
		Lease lease = this.leases.getIfPresent(key);
		if (lease != null) {
			if (lease.take(now)) {
				return Decision.ALLOWED;
			}
			if (lease.refusesUntil(now)) {
				return new Decision(false, Duration.ofNanos(lease.expiresAt - now));
			}
		}
		int wanted = Lease.nextSize(lease, now, maxLease(budget));
		List<?> reply = this.redis.execute(TOKEN_BUCKET, List.of(key), Integer.toString(budget.capacity()),
				Long.toString(budget.period().toMillis()), Integer.toString(wanted));
		if (reply == null || reply.size() < 2) {
			throw new IllegalStateException("token bucket script answered " + reply);
		}
		long granted = ((Number) reply.get(0)).longValue();
		if (granted >= 1) {
			// the first token is this request's, the rest wait here for the next ones; an empty lease
			// still remembers that the subject came back within its lifetime (the next one doubles)
			// threads that found the lease empty at once each took one: what the others hold is added,
			// not overwritten (it would be lost)
			this.leases.asMap().merge(key, new Lease(wanted, (int) granted - 1, now + LEASE_LIFETIME.toNanos()),
					(held, fresh) -> fresh.adding(held, now));
			return Decision.ALLOWED;
		}
		// no instance can add tokens, only the refill: until the next one is due, every answer is no
		Duration wait = Duration.ofMillis(((Number) reply.get(1)).longValue());
		this.leases.put(key, Lease.refusal(now + wait.toNanos()));
		return new Decision(false, wait);
	}

	/** A hundredth of the budget, between 1 and {@value #MAX_LEASE}. */
	static int maxLease(Budget budget) {
		return Math.max(1, Math.min(MAX_LEASE, budget.capacity() / 100));
	}

	/**
	 * Forgets a budget (tests, or an operator lifting a block) and this instance's lease; another
	 * instance may still spend what it leased before (budgets under 200 lease nothing).
	 */
	public void reset(String name, String subject) {
		this.leases.invalidate(key(name, subject));
		this.redis.delete(key(name, subject));
	}

	static String key(String name, String subject) {
		return "rl:{" + name + ":" + subject + "}";
	}

	/** Tokens this instance took from a bucket ahead of the requests that spend them. */
	static final class Lease {

		private final int size;

		private final AtomicInteger left;

		/** Past it the lease is stale; for a refusal, when the bucket's next token is due. */
		private final long expiresAt;

		Lease(int size, int left, long expiresAt) {
			this.size = size;
			this.left = new AtomicInteger(left);
			this.expiresAt = expiresAt;
		}

		/** A bucket seen empty: no token before {@code until} (at most the cache's second is kept). */
		static Lease refusal(long until) {
			return new Lease(0, 0, until);
		}

		boolean take(long now) {
			return now < this.expiresAt && this.left.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
		}

		/** This lease with the tokens {@code held} still has (taken from it), unless it went stale. */
		Lease adding(Lease held, long now) {
			if (held.size > 0 && now < held.expiresAt) {
				this.left.addAndGet(held.left.getAndSet(0));
			}
			return this;
		}

		boolean refusesUntil(long now) {
			return this.size == 0 && now < this.expiresAt;
		}

		/** Double a lease used up while it lasted; one token for a new subject, a stale lease or a refusal. */
		static int nextSize(Lease previous, long now, int max) {
			if (previous == null || previous.size == 0 || now >= previous.expiresAt) {
				return 1;
			}
			return Math.min(max, Math.max(1, previous.size) * 2);
		}

	}

}
