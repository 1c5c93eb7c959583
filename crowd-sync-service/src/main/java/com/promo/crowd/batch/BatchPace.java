package com.promo.crowd.batch;

import com.google.common.util.concurrent.RateLimiter;
import com.promo.crowd.CrowdSyncProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How fast a snapshot batch may go ({@code promo.crowd.batch-max-rows-per-second}, 0: as fast as it
 * can): one budget of rows per second shared by every partition and both writing steps, taken a
 * chunk at a time before the chunk is written. At full speed a batch takes every core it can get
 * and the Redis masters' time with it; where the online path shares them (README "The soak"), the
 * pace trades the batch's run time for the online requests' latency.
 */
@Component
class BatchPace {

	private final @Nullable RateLimiter limiter;

	@Autowired
	BatchPace(CrowdSyncProperties properties) {
		this(properties.batchMaxRowsPerSecond());
	}

	BatchPace(int maxRowsPerSecond) {
		this.limiter = (maxRowsPerSecond > 0) ? RateLimiter.create(maxRowsPerSecond) : null;
	}

	/** Waits until {@code rows} more rows fit the pace (at once when there is none). */
	void acquire(int rows) {
		if (this.limiter != null && rows > 0) {
			this.limiter.acquire(rows);
		}
	}

	/** Rows per second allowed, 0 for no limit. */
	double rowsPerSecond() {
		return (this.limiter != null) ? this.limiter.getRate() : 0;
	}

}
