package com.promo.ratelimit;

import java.time.Duration;

/**
 * A rate budget: at most {@code capacity} requests at once, refilled at {@code capacity} per
 * {@code period} ("5 per 10 s" allows a burst of 5, then one every 2 s).
 */
public record Budget(int capacity, Duration period) {

	public Budget {
		if (capacity < 1) {
			throw new IllegalArgumentException("a budget needs a capacity of at least 1, not " + capacity);
		}
		if (period == null || period.toMillis() < 1) {
			throw new IllegalArgumentException("a budget needs a period of at least 1 ms, not " + period);
		}
	}

}
