package com.promo.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a periodic job on one instance of the cluster at a time: each round first takes the job's
 * ShedLock lock in the service's database, and an instance that finds it held skips the round.
 * <p>
 * The lock is held while the round runs and then for 90 % of the job's interval
 * ({@code lockAtLeastFor}): another instance whose round falls in the same period skips it, while
 * the holder's own next round, one interval after the end of this one, always finds the lock free.
 * So the cluster runs the job about once per interval, whatever the number of instances. A holder
 * that dies mid-round keeps the lock until {@code lockAtMostFor} from the round's start; then the
 * next instance whose round comes takes the job over. {@code lockAtMostFor} is therefore chosen per
 * job: above the longest round (a longer round would be joined by a second instance, which every
 * job here tolerates: they are idempotent), and short enough that a crash does not stall the job
 * for long.
 * <p>
 * {@code promo.scheduler.runs{job, result=ran|skipped|failed}} counts rounds per instance.
 */
public final class ClusterJobs {

	private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);

	private final LockingTaskExecutor executor;

	private final MeterRegistry meters;

	ClusterJobs(LockingTaskExecutor executor, MeterRegistry meters) {
		this.executor = executor;
		this.meters = meters;
	}

	/**
	 * The job as a task to schedule every {@code interval}: each call runs it here unless another
	 * instance holds its lock.
	 * @param name the job's lock name, unique within the service
	 * @param interval the job's schedule (its fixed delay)
	 * @param lockAtMostFor how long a holder that never finishes keeps the job from the others
	 * @param job the round itself
	 */
	public Runnable locked(String name, Duration interval, Duration lockAtMostFor, Runnable job) {
		check(name, interval, lockAtMostFor);
		return () -> runLocked(name, interval, lockAtMostFor, job);
	}

	/**
	 * Runs one round of the job here if no other instance holds its lock.
	 * @return whether this instance ran it
	 */
	public boolean runLocked(String name, Duration interval, Duration lockAtMostFor, Runnable job) {
		check(name, interval, lockAtMostFor);
		LockConfiguration lock = new LockConfiguration(Instant.now(), name, lockAtMostFor, lockAtLeastFor(interval));
		AtomicBoolean ran = new AtomicBoolean();
		try {
			this.executor.executeWithLock((Runnable) () -> {
				ran.set(true);
				job.run();
			}, lock);
			count(name, ran.get() ? "ran" : "skipped");
		}
		catch (RuntimeException ex) {
			// the job threw, or the database that holds the lock cannot be reached: the next round
			// tries again
			count(name, "failed");
			log.warn("scheduled job {} failed ({}), the next round retries: {}", name,
					ran.get() ? "while running" : "taking its lock", ex.toString());
		}
		return ran.get();
	}

	static Duration lockAtLeastFor(Duration interval) {
		return interval.multipliedBy(9).dividedBy(10);
	}

	private static void check(String name, Duration interval, Duration lockAtMostFor) {
		Objects.requireNonNull(name, "name");
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("job " + name + ": the interval must be positive, got " + interval);
		}
		if (lockAtMostFor.compareTo(interval) <= 0) {
			throw new IllegalArgumentException("job " + name + ": lockAtMostFor (" + lockAtMostFor
					+ ") must be longer than the interval (" + interval + ")");
		}
	}

	private void count(String name, String result) {
		Counter.builder("promo.scheduler.runs")
			.description("Rounds of a cluster-wide scheduled job on this instance: ran, skipped (another held it), failed")
			.tag("job", name)
			.tag("result", result)
			.register(this.meters)
			.increment();
	}

}
