package com.promo.crowd.batch;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The snapshot batches' state for alerts, read from the job repository every
 * {@code promo.crowd.batch-state-interval} (30 s) on every instance, since a batch runs on any one of
 * them: {@code crowd.batch.running} (executions not ended), {@code crowd.batch.last.success.timestamp}
 * and {@code crowd.batch.last.failure.timestamp} (epoch seconds of the newest completed and failed
 * execution's end, 0 when there was none).
 */
@Component
class BatchStateMetrics {

	private static final Logger logger = LoggerFactory.getLogger(BatchStateMetrics.class);

	private final JdbcClient jdbc;

	private final AtomicLong running = new AtomicLong();

	private final AtomicLong lastSuccess = new AtomicLong();

	private final AtomicLong lastFailure = new AtomicLong();

	BatchStateMetrics(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		Gauge.builder("crowd.batch.running", this.running, AtomicLong::get)
			.description("Snapshot batch executions started and not ended")
			.register(meters);
		Gauge.builder("crowd.batch.last.success.timestamp", this.lastSuccess, AtomicLong::get)
			.description("When the newest completed snapshot batch execution ended (epoch seconds, 0: none)")
			.baseUnit("seconds")
			.register(meters);
		Gauge.builder("crowd.batch.last.failure.timestamp", this.lastFailure, AtomicLong::get)
			.description("When the newest failed snapshot batch execution ended (epoch seconds, 0: none)")
			.baseUnit("seconds")
			.register(meters);
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${promo.crowd.batch-state-interval:30s}")
	void refresh() {
		try {
			this.running.set(this.jdbc
				.sql("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING')")
				.query(Long.class)
				.single());
			this.lastSuccess.set(lastEnded("COMPLETED"));
			this.lastFailure.set(lastEnded("FAILED"));
		}
		catch (RuntimeException ex) {
			logger.warn("Reading the batches' state failed; keeping the last figures: {}", ex.getMessage());
		}
	}

	private long lastEnded(String status) {
		return this.jdbc.sql("SELECT MAX(END_TIME) AS ended FROM BATCH_JOB_EXECUTION WHERE STATUS = :status")
			.param("status", status)
			.query((rs, row) -> {
				// Spring Batch writes its times as the JVM's local time (as BatchReport reads them)
				LocalDateTime ended = rs.getObject("ended", LocalDateTime.class);
				return (ended == null) ? 0L : ended.atZone(ZoneId.systemDefault()).toEpochSecond();
			})
			.single();
	}

}
