package com.promo.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.promo.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter on the real Redis Cluster, as two instances sharing one budget: leases cut the
 * Redis calls of a hammering subject, and never let more through than the budget.
 */
class RateLimiterIT {

	static LettuceConnectionFactory redis;

	@BeforeAll
	static void connect() {
		redis = new LettuceConnectionFactory(
				new RedisClusterConfiguration(Arrays.asList(TestInfrastructure.get().redisClusterNodes().split(","))));
		redis.afterPropertiesSet();
		redis.start();
	}

	@AfterAll
	static void disconnect() {
		redis.destroy();
	}

	/** A template that counts the script runs of its limiter: one per trip to Redis. */
	static final class CountingRedis extends StringRedisTemplate {

		final LongAdder scripts = new LongAdder();

		CountingRedis() {
			super(redis);
		}

		@Override
		public <T> T execute(RedisScript<T> script, List<String> keys, Object... args) {
			this.scripts.increment();
			return super.execute(script, keys, args);
		}

	}

	@Test
	void twoInstancesHammeredByOneSubjectNeverExceedTheBudgetAndCallRedisPerLeaseNotPerRequest() throws Exception {
		Budget budget = new Budget(2000, Duration.ofHours(1)); // no refill worth counting during the test
		String subject = UUID.randomUUID().toString();
		CountingRedis firstRedis = new CountingRedis();
		CountingRedis secondRedis = new CountingRedis();
		List<RateLimiter> instances = List.of(new RateLimiter(firstRedis), new RateLimiter(secondRedis));
		AtomicInteger allowed = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		int threads = 16;
		CyclicBarrier start = new CyclicBarrier(threads);
		List<Future<?>> workers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int t = 0; t < threads; t++) {
				RateLimiter limiter = instances.get(t % 2);
				workers.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 400; i++) { // 6,400 attempts for 2,000 tokens
						if (limiter.tryAcquire("it-hammer", subject, budget).allowed()) {
							allowed.incrementAndGet();
						}
						else {
							refused.incrementAndGet();
						}
					}
					return null;
				}));
			}
		}
		for (Future<?> worker : workers) {
			worker.get();
		}
		long trips = firstRedis.scripts.sum() + secondRedis.scripts.sum();
		System.out.printf("allowed %d, refused %d, %d trips to Redis%n", allowed.get(), refused.get(), trips);
		assertThat(allowed.get()).as("allowed across both instances").isLessThanOrEqualTo(2000)
			// what may be lost: tokens left in the two instances' last leases
			.isGreaterThanOrEqualTo(2000 - 2 * RateLimiter.MAX_LEASE);
		assertThat(refused.get()).isEqualTo(6400 - allowed.get());
		// leases while tokens last, then remembered refusals: a few hundred trips for 6,400 decisions
		assertThat(trips).as("trips to Redis for %d allowed and %d refused requests", allowed.get(), refused.get())
			.isLessThan(allowed.get() / 4);
	}

	@Test
	void aSmallBudgetIsExactOneTokenPerTripAndSaysWhenToComeBack() {
		Budget budget = new Budget(5, Duration.ofSeconds(10));
		String subject = UUID.randomUUID().toString();
		CountingRedis counting = new CountingRedis();
		RateLimiter limiter = new RateLimiter(counting);
		List<Decision> decisions = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			decisions.add(limiter.tryAcquire("it-small", subject, budget));
		}
		assertThat(decisions.stream().filter(Decision::allowed)).hasSize(5);
		assertThat(decisions.subList(0, 5)).allMatch(Decision::allowed);
		assertThat(decisions.get(7).retryAfterSeconds()).isBetween(1L, 2L);
		// a budget under 200 asks Redis for every token; the refusal is then remembered until a token is due
		assertThat(counting.scripts.sum()).as("trips to Redis").isEqualTo(6);
		// another instance sees the same spent budget
		assertThat(new RateLimiter(new CountingRedis()).tryAcquire("it-small", subject, budget).allowed()).isFalse();
	}

}
