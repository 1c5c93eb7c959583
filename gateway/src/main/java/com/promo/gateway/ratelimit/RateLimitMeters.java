package com.promo.gateway.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters per limit ({@code route} tag): {@code promo.gateway.rate-limit.refused} (429s) and
 * {@code promo.gateway.rate-limit.unchecked} (requests let through because Redis could not be asked).
 */
class RateLimitMeters {

	static final String REFUSED = "promo.gateway.rate-limit.refused";

	static final String UNCHECKED = "promo.gateway.rate-limit.unchecked";

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	RateLimitMeters(MeterRegistry registry, List<String> limits) {
		this.registry = registry;
		// every limit's counters exist at 0 from the start, so a dashboard's rate has a series to start from
		limits.forEach(limit -> {
			counter(REFUSED, limit);
			counter(UNCHECKED, limit);
		});
	}

	void refused(String limit) {
		counter(REFUSED, limit).increment();
	}

	void unchecked(String limit) {
		counter(UNCHECKED, limit).increment();
	}

	private Counter counter(String name, String limit) {
		return this.counters.computeIfAbsent(name + '|' + limit, key -> Counter.builder(name)
			.description(name.equals(REFUSED) ? "requests refused with 429 by a rate limit"
					: "requests let through unlimited because the limiter's Redis could not be asked")
			.tag("route", limit)
			.register(this.registry));
	}

}
