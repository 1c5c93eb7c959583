package com.promo.scheduling;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.promo.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Two "instances" (each its own lock provider, as each process has) on one real MariaDB database
 * with the services' lock table: a round taken by one is skipped by the other for 90 % of the
 * interval, then free again; a round that throws releases its lock like one that returns.
 */
class ClusterJobsIT {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	static DataSource database;

	@BeforeAll
	static void lockTable() {
		TestInfrastructure infra = TestInfrastructure.get();
		database = new DriverManagerDataSource(infra.jdbcUrl(infra.createDatabase("it_scheduling")),
				TestInfrastructure.DB_USER, TestInfrastructure.DB_PASSWORD);
		new JdbcTemplate(database).execute("""
				CREATE TABLE shedlock (
				    name       VARCHAR(64)  NOT NULL,
				    lock_until DATETIME(3)  NOT NULL,
				    locked_at  DATETIME(3)  NOT NULL,
				    locked_by  VARCHAR(255) NOT NULL,
				    PRIMARY KEY (name)
				)""");
	}

	static ClusterJobs instance(SimpleMeterRegistry meters) {
		return new ClusterJobs(new DefaultLockingTaskExecutor(SchedulingAutoConfiguration.jdbcLockProvider(database)),
				meters);
	}

	@Test
	void aRoundTakenByOneInstanceIsSkippedByTheOtherForMostOfTheInterval() throws InterruptedException {
		SimpleMeterRegistry metersA = new SimpleMeterRegistry();
		ClusterJobs a = instance(metersA);
		ClusterJobs b = instance(new SimpleMeterRegistry());
		AtomicInteger rounds = new AtomicInteger();
		long start = System.nanoTime();
		assertThat(a.runLocked("job", INTERVAL, INTERVAL.multipliedBy(5), rounds::incrementAndGet)).isTrue();
		assertThat(b.runLocked("job", INTERVAL, INTERVAL.multipliedBy(5), rounds::incrementAndGet)).isFalse();
		assertThat(a.runLocked("job", INTERVAL, INTERVAL.multipliedBy(5), rounds::incrementAndGet))
			.as("the holder too, within the same period")
			.isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(INTERVAL.multipliedBy(9).dividedBy(10));
		Thread.sleep(INTERVAL.toMillis());
		assertThat(b.runLocked("job", INTERVAL, INTERVAL.multipliedBy(5), rounds::incrementAndGet)).isTrue();
		assertThat(rounds).hasValue(2);
		assertThat(metersA.get("promo.scheduler.runs").tags("job", "job", "result", "ran").counter().count()).isOne();
		assertThat(metersA.get("promo.scheduler.runs").tags("job", "job", "result", "skipped").counter().count())
			.isOne();
	}

	@Test
	void aRoundThatThrowsIsCountedAndDoesNotHoldTheLockBeyondTheInterval() throws InterruptedException {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ClusterJobs a = instance(meters);
		assertThat(a.runLocked("failing", INTERVAL, Duration.ofMinutes(10), () -> {
			throw new IllegalStateException("boom");
		})).as("it ran here, and failed").isTrue();
		assertThat(meters.get("promo.scheduler.runs").tags("job", "failing", "result", "failed").counter().count())
			.isOne();
		Thread.sleep(INTERVAL.toMillis());
		assertThat(instance(new SimpleMeterRegistry()).runLocked("failing", INTERVAL, Duration.ofMinutes(10), () -> {
		})).as("free again after lockAtLeastFor, long before lockAtMostFor").isTrue();
	}

	@Test
	void aLockAtMostForNotLongerThanTheIntervalIsRefused() {
		ClusterJobs a = instance(new SimpleMeterRegistry());
		assertThatIllegalArgumentException().isThrownBy(() -> a.locked("short", INTERVAL, INTERVAL, () -> {
		})).withMessageContaining("short");
	}

}
