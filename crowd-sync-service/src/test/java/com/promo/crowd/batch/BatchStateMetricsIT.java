package com.promo.crowd.batch;

import java.time.Instant;
import java.util.List;

import com.promo.crowd.CrowdSyncTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The batches' state for alerts: a completed batch moves the last-success time, none is left running. */
class BatchStateMetricsIT extends CrowdSyncTestBase {

	@Autowired
	BatchStateMetrics state;

	@Autowired
	MeterRegistry meters;

	@Test
	void aCompletedBatchIsTheLastSuccessAndNoneRuns() throws Exception {
		assertThat(gauge("crowd.batch.running")).as("registered at start").isNotNull();
		long startedAt = Instant.now().getEpochSecond();
		Instant snapshotTime = now().minusSeconds(60);
		runBatch(snapshot(List.of(row(newId(), newId(), snapshotTime.minusSeconds(3600)))), snapshotTime);

		this.state.refresh();

		// END_TIME is stored to the second: the batch may have ended in the second it started
		assertThat(gauge("crowd.batch.last.success.timestamp")).isGreaterThanOrEqualTo(startedAt - 1);
		assertThat(gauge("crowd.batch.last.success.timestamp")).isLessThanOrEqualTo(Instant.now().getEpochSecond() + 1);
		assertThat(gauge("crowd.batch.running")).isZero();
	}

	private Double gauge(String name) {
		var gauge = this.meters.find(name).gauge();
		return (gauge == null) ? null : gauge.value();
	}

}
