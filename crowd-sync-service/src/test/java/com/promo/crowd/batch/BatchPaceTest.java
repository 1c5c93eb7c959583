package com.promo.crowd.batch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch pace: none by default; with one, rows beyond the budget wait. Only a lower bound is
 * checked (a busy machine makes it slower, never faster).
 */
class BatchPaceTest {

	@Test
	void noPaceByDefault() {
		assertThat(new BatchPace(0).rowsPerSecond()).isZero();
	}

	@Test
	void rowsBeyondThePaceWait() {
		BatchPace pace = new BatchPace(4_000);
		assertThat(pace.rowsPerSecond()).isEqualTo(4_000);
		long start = System.nanoTime();
		// the first chunk goes at once; the next three wait for the budget: 6,000 rows at 4,000/s
		for (int chunk = 0; chunk < 4; chunk++) {
			pace.acquire(2_000);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1_400));
	}

}
