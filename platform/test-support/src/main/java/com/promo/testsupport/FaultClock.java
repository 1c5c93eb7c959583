package com.promo.testsupport;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The moments of a fault injected into a load (System.nanoTime, {@link #NOT_YET} until they
 * happen), and the proof that it overlapped the load: a fault test that cannot show requests
 * accepted before it struck, accepted after it took effect and refused in between fails.
 */
public final class FaultClock {

	public static final long NOT_YET = Long.MAX_VALUE;

	private volatile long struck = NOT_YET;

	private volatile long tookEffect = NOT_YET;

	private volatile long over = NOT_YET;

	private final AtomicInteger acceptedSinceItTookEffect = new AtomicInteger();

	private final AtomicInteger refusedToTheFaultsProbe = new AtomicInteger();

	/** Right before the destructive act (the SIGKILL, the SHUTDOWN). */
	public void struck() {
		this.struck = System.nanoTime();
	}

	/** Once it is confirmed (the pid is gone, the node no longer answers). */
	public void tookEffect() {
		this.tookEffect = System.nanoTime();
	}

	/** Once the platform serves again (restarted, failed over). */
	public void over() {
		this.over = System.nanoTime();
	}

	public long struckAt() {
		return this.struck;
	}

	public long tookEffectAt() {
		return this.tookEffect;
	}

	public long overAt() {
		return this.over;
	}

	public boolean isOver() {
		return this.over != NOT_YET;
	}

	/** Counts a request accepted by the load; those sent after the fault took effect count as such. */
	public void accepted(long sentNanos) {
		if (sentNanos > this.tookEffect) {
			this.acceptedSinceItTookEffect.incrementAndGet();
		}
	}

	public int acceptedSinceItTookEffect() {
		return this.acceptedSinceItTookEffect.get();
	}

	/**
	 * Counts an error answer to a request the fault itself sent to prove it (a probe that waits for
	 * the refusal); only those sent after it took effect count. The load's own requests may all be
	 * in flight, or too few, while a short outage lasts.
	 */
	public void refusedToTheFaultsProbe(long sentNanos) {
		if (sentNanos > this.tookEffect) {
			this.refusedToTheFaultsProbe.incrementAndGet();
		}
	}

	public int refusedToTheFaultsProbe() {
		return this.refusedToTheFaultsProbe.get();
	}

	/**
	 * Prints the fault's timeline and fails unless it took effect while the load ran: requests
	 * accepted before it struck, requests sent after it took effect and accepted, and error answers
	 * to requests sent after it took effect.
	 * @param what the fault, for the messages
	 * @param loadStart when the load started; {@code loadEnd} when its last answer came
	 * @param answers what the load was answered, for the messages
	 */
	public void assertOverlapped(String what, long loadStart, long loadEnd, long acceptedBefore, long acceptedAfter,
			long errorsAfter, String errors, String answers) {
		assertThat(this.tookEffect).as("the fault (%s) took effect", what).isNotEqualTo(NOT_YET);
		String timeline = "%s: struck %d ms into the load, took effect +%d ms, over +%s ms, load ended +%d ms; "
			.formatted(what, millis(this.struck - loadStart), millis(this.tookEffect - this.struck),
					isOver() ? Long.toString(millis(this.over - this.struck)) : "never", millis(loadEnd - this.struck))
				+ "accepted: %d before it struck, %d sent after it took effect; %s answered to requests sent after it: %d; %s"
					.formatted(acceptedBefore, acceptedAfter, errors, errorsAfter, answers);
		System.out.println(timeline);
		assertThat(acceptedBefore).as("requests accepted before the fault struck (%s)", timeline).isPositive();
		assertThat(acceptedAfter).as("requests accepted after the fault took effect (%s)", timeline).isPositive();
		assertThat(errorsAfter).as("errors %s after the fault took effect (%s)", errors, timeline).isPositive();
	}

	/** The task's own exception, as if thrown here: no failure of a worker or a fault thread is lost. */
	public static void rethrow(String what, Future<?> task) throws Exception {
		try {
			task.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw new IllegalStateException(what + " failed: " + cause, cause);
			}
			throw new AssertionError(what + " failed: " + ex.getCause(), ex.getCause());
		}
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

}
