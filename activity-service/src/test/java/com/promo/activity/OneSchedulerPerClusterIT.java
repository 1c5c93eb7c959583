package com.promo.activity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.promo.scheduling.ClusterJobs;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two activity-service instances (application contexts in this JVM) on one database, as in
 * production: a scheduled job runs on one of them at a time and about once per interval, and when
 * the instance holding a job's lock dies without releasing it, the other takes the job over once
 * {@code lockAtMostFor} has passed. Besides the real lifecycle job, test jobs registered through the
 * same {@link ClusterJobs} record every round; an unlocked twin of one shows that the checks fail
 * when the lock is missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneSchedulerPerClusterIT {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	static final Duration TAKEOVER_LOCK_AT_MOST_FOR = Duration.ofSeconds(5);

	/** Rounds of a locked job start at least lockAtLeastFor (0.9 s) apart, less this much jitter. */
	static final Duration MIN_GAP = Duration.ofMillis(650);

	static final Queue<Round> locked = new ConcurrentLinkedQueue<>();

	static final Queue<Round> unlocked = new ConcurrentLinkedQueue<>();

	static final Queue<Round> takeover = new ConcurrentLinkedQueue<>();

	/** Armed, the next takeover round hangs as a process that died holding the lock would. */
	static final AtomicBoolean hangNext = new AtomicBoolean();

	static final CountDownLatch hung = new CountDownLatch(1);

	static final CountDownLatch releaseHung = new CountDownLatch(1);

	static String database;

	static Map<String, ConfigurableApplicationContext> instances = new HashMap<>();

	record Round(String instance, long start, long end) {
	}

	@BeforeAll
	static void startTwoInstances() {
		database = TestInfrastructure.get().createDatabase("it_activity_scheduling");
		instances.put("a", start("a"));
		instances.put("b", start("b"));
	}

	@AfterAll
	static void stop() {
		instances.values().forEach(ConfigurableApplicationContext::close);
		releaseHung.countDown();
	}

	@Test
	@Order(1)
	void aJobRunsOnOneInstanceAtATimeAndOncePerInterval() throws InterruptedException {
		// both instances are up: measure from here
		Thread.sleep(2 * INTERVAL.toMillis());
		locked.clear();
		unlocked.clear();
		Map<String, Double> lifecycleBefore = lifecycleRounds();
		long from = System.nanoTime();
		Thread.sleep(8 * INTERVAL.toMillis());
		Duration window = Duration.ofNanos(System.nanoTime() - from);
		Map<String, Double> lifecycleAfter = lifecycleRounds();

		List<Round> rounds = sorted(locked);
		assertThat(rounds).as("rounds of the locked job in %s", window).hasSizeBetween(5, maxRounds(window));
		for (int i = 1; i < rounds.size(); i++) {
			Round previous = rounds.get(i - 1);
			Round next = rounds.get(i);
			assertThat(next.start()).as("round %d starts after round %d ended: %s", i, i - 1, rounds)
				.isGreaterThanOrEqualTo(previous.end());
			assertThat(Duration.ofNanos(next.start() - previous.start())).as("gap before round %d: %s", i, rounds)
				.isGreaterThanOrEqualTo(MIN_GAP);
		}

		// the same job without the lock, on the same two schedulers: both run it, closer than a locked
		// job's rounds may be (so the checks above would fail without ShedLock)
		List<Round> free = sorted(unlocked);
		assertThat(free).extracting(Round::instance).contains("a", "b");
		assertThat(minGap(free)).as("rounds of the unlocked twin: %s", free).isLessThan(MIN_GAP);

		// the real lifecycle job: each instance tries every interval, one runs it per interval
		double ran = lifecycleAfter.get("ran") - lifecycleBefore.get("ran");
		double skipped = lifecycleAfter.get("skipped") - lifecycleBefore.get("skipped");
		assertThat(ran).as("lifecycle rounds run in %s (skipped: %s)", window, skipped)
			.isBetween(5.0, (double) maxRounds(window));
		assertThat(skipped).as("lifecycle rounds skipped, the other instance holding the lock").isGreaterThanOrEqualTo(3.0);
		assertThat(lifecycleAfter.get("failed") - lifecycleBefore.get("failed")).isZero();
	}

	@Test
	@Order(2)
	void whenTheHolderDiesWithoutReleasingTheOtherTakesOverAfterLockAtMostFor() throws InterruptedException {
		takeover.clear();
		hangNext.set(true);
		assertThat(hung.await(30, TimeUnit.SECONDS)).as("a takeover round started and hangs").isTrue();
		Round holding = takeover.stream().filter(r -> r.end() == Long.MAX_VALUE).findFirst().orElseThrow();
		String holder = holding.instance();
		String survivor = holder.equals("a") ? "b" : "a";
		assertThat(held("it-takeover")).as("the hung round holds the job's lock").isOne();
		// the holder dies: its scheduler stops, and the round that holds the lock never releases it. (No
		// look at the lock after the close: closing waits for the hung round up to the shutdown phase's
		// timeout, by when the survivor may hold a lock of its own. The takeover's timing below is what
		// shows the dead holder's lock stayed until lockAtMostFor.)
		instances.remove(holder).close();

		await().atMost(TAKEOVER_LOCK_AT_MOST_FOR.plusSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> takeover.stream().anyMatch(r -> r.instance().equals(survivor) && r.start() > holding.start()));
		Round taken = takeover.stream()
			.filter(r -> r.instance().equals(survivor) && r.start() > holding.start())
			.findFirst()
			.orElseThrow();
		Duration after = Duration.ofNanos(taken.start() - holding.start());
		assertThat(after).as("the survivor takes the job over once lockAtMostFor has passed, not before")
			.isGreaterThanOrEqualTo(TAKEOVER_LOCK_AT_MOST_FOR.minusMillis(300))
			.isLessThan(TAKEOVER_LOCK_AT_MOST_FOR.plus(INTERVAL).plusSeconds(5));
		// and keeps it: the next rounds run there, once per interval
		await().atMost(Duration.ofSeconds(10))
			.until(() -> takeover.stream().filter(r -> r.instance().equals(survivor) && r.start() > holding.start()).count() >= 3);
	}

	static int maxRounds(Duration window) {
		// at most one round per lockAtLeastFor (0.9 interval), plus the one at each end of the window
		return (int) (window.toMillis() / (INTERVAL.toMillis() * 9 / 10)) + 2;
	}

	static List<Round> sorted(Queue<Round> rounds) {
		List<Round> list = new ArrayList<>(rounds);
		list.sort(Comparator.comparingLong(Round::start));
		return list;
	}

	static Duration minGap(List<Round> rounds) {
		Duration min = Duration.ofDays(1);
		for (int i = 1; i < rounds.size(); i++) {
			Duration gap = Duration.ofNanos(rounds.get(i).start() - rounds.get(i - 1).start());
			min = gap.compareTo(min) < 0 ? gap : min;
		}
		return min;
	}

	/** Rounds of the lifecycle job by result, summed over the instances. */
	static Map<String, Double> lifecycleRounds() {
		Map<String, Double> sums = new HashMap<>();
		for (String result : Set.of("ran", "skipped", "failed")) {
			sums.put(result, instances.values()
				.stream()
				.map(context -> context.getBean(MeterRegistry.class)
					.find("promo.scheduler.runs")
					.tags("job", "activity-lifecycle", "result", result)
					.counter())
				.collect(Collectors.summingDouble(counter -> counter == null ? 0 : counter.count())));
		}
		return sums;
	}

	/** 1 while someone holds the job's lock (by the database's clock, as ShedLock judges it). */
	static Integer held(String job) {
		JdbcTemplate jdbc = instances.values().iterator().next().getBean(JdbcTemplate.class);
		return jdbc.queryForObject("SELECT COUNT(*) FROM shedlock WHERE name = ? AND lock_until > UTC_TIMESTAMP(3)",
				Integer.class, job);
	}

	static ConfigurableApplicationContext start(String instance) {
		TestInfrastructure infra = TestInfrastructure.get();
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.datasource.url", infra.jdbcUrl(database));
		properties.put("spring.datasource.username", TestInfrastructure.DB_USER);
		properties.put("spring.datasource.password", TestInfrastructure.DB_PASSWORD);
		properties.put("spring.data.redis.cluster.nodes", infra.redisClusterNodes());
		properties.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
		properties.put("promo.security.jwt-secret", TestTokens.SECRET);
		properties.put("promo.activity.lifecycle-interval", INTERVAL.toMillis() + "ms");
		properties.put("it.instance", instance);
		// a closing instance waits this long for its hung round (the default is 30 s of the test's time)
		properties.put("spring.lifecycle.timeout-per-shutdown-phase", "3s");
		// command-line arguments: they take precedence over application.yml
		return new SpringApplicationBuilder(ActivityServiceApplication.class, ProbeJobs.class)
			.run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
	}

	/** Test jobs, registered only in this test's contexts (a plain class: no component scan finds it). */
	static class ProbeJobs implements SchedulingConfigurer {

		private final ClusterJobs jobs;

		private final String instance;

		ProbeJobs(ClusterJobs jobs, Environment environment) {
			this.jobs = jobs;
			this.instance = environment.getRequiredProperty("it.instance");
		}

		@Override
		public void configureTasks(ScheduledTaskRegistrar registrar) {
			registrar.addFixedDelayTask(this.jobs.locked("it-probe", INTERVAL, INTERVAL.multipliedBy(10),
					() -> round(locked)), INTERVAL);
			registrar.addFixedDelayTask(() -> round(unlocked), INTERVAL);
			registrar.addFixedDelayTask(this.jobs.locked("it-takeover", INTERVAL, TAKEOVER_LOCK_AT_MOST_FOR,
					this::takeoverRound), INTERVAL);
		}

		private void round(Queue<Round> rounds) {
			long start = System.nanoTime();
			sleep(Duration.ofMillis(100));
			rounds.add(new Round(this.instance, start, System.nanoTime()));
		}

		private void takeoverRound() {
			long start = System.nanoTime();
			if (hangNext.compareAndSet(true, false)) {
				takeover.add(new Round(this.instance, start, Long.MAX_VALUE));
				hung.countDown();
				// a process that died mid-round: no unlock, whatever interrupts the thread
				while (true) {
					try {
						releaseHung.await();
						return;
					}
					catch (InterruptedException ex) {
						// keep holding
					}
				}
			}
			takeover.add(new Round(this.instance, start, System.nanoTime()));
		}

		private static void sleep(Duration duration) {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
