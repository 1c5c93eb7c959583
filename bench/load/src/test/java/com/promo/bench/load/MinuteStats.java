package com.promo.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Answers per request kind and minute of a run: counts by HTTP status (0: no answer) and a latency
 * histogram, plus the answers after the warm-up (the rate a probe achieved). Written as one
 * tab-separated line per kind and minute, {@code all} lines summing the kinds, then a {@code rate}
 * line: {@code minute kind count p50 p99 max status=count,...}.
 */
final class MinuteStats {

	/** Latencies are recorded up to a minute, at three significant digits. */
	private static final long HIGHEST_MILLIS = 60_000;

	private final Map<Key, Minute> minutes = new ConcurrentSkipListMap<>();

	private final LongAdder afterWarmup = new LongAdder();

	void record(String kind, int minute, int status, long millis, boolean afterWarmup) {
		long clamped = Math.max(0, Math.min(millis, HIGHEST_MILLIS));
		this.minutes.computeIfAbsent(new Key(minute, kind), key -> new Minute()).add(status, clamped);
		this.minutes.computeIfAbsent(new Key(minute, "all"), key -> new Minute()).add(status, clamped);
		if (afterWarmup) {
			this.afterWarmup.increment();
		}
	}

	String report(long startMs, long endMs, int warmupSeconds) {
		StringBuilder out = new StringBuilder("# minute\tkind\tcount\tp50_ms\tp99_ms\tmax_ms\tstatuses\n");
		this.minutes.forEach((key, minute) -> out.append(key.minute()).append('\t').append(key.kind()).append('\t')
			.append(minute.line()).append('\n'));
		double measuredSeconds = (endMs - startMs) / 1000.0 - warmupSeconds;
		out.append(String.format("rate\t%.1f\t%d\t%.1f%n", measuredSeconds > 0 ? this.afterWarmup.sum() / measuredSeconds : 0,
				this.afterWarmup.sum(), measuredSeconds));
		return out.toString();
	}

	private record Key(int minute, String kind) implements Comparable<Key> {

		@Override
		public int compareTo(Key other) {
			int byMinute = Integer.compare(this.minute, other.minute);
			return (byMinute != 0) ? byMinute : this.kind.compareTo(other.kind);
		}

	}

	private static final class Minute {

		private final Histogram latency = new ConcurrentHistogram(HIGHEST_MILLIS, 3);

		private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

		void add(int status, long millis) {
			this.latency.recordValue(millis);
			this.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
		}

		String line() {
			StringBuilder byStatus = new StringBuilder();
			new TreeMap<>(this.statuses).forEach((status, count) -> byStatus.append(byStatus.isEmpty() ? "" : ",")
				.append(status).append('=').append(count.sum()));
			return this.latency.getTotalCount() + "\t" + this.latency.getValueAtPercentile(50) + "\t"
					+ this.latency.getValueAtPercentile(99) + "\t" + this.latency.getMaxValue() + "\t" + byStatus;
		}

	}

}
