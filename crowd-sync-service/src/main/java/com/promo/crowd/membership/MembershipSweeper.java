package com.promo.crowd.membership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.membership.RedisBulk.Script;
import com.promo.scheduling.ClusterJobs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes expired membership fields and tombstones past their retention from Redis, in the
 * background. Readers already treat an expired field as absent (the expiry is in the value), so
 * this only reclaims memory; whole hashes also expire with their longest-lived field. One instance
 * of the cluster sweeps per interval ({@link ClusterJobs}): a sweep scans every Redis node.
 */
@Component
class MembershipSweeper {

	private static final Logger logger = LoggerFactory.getLogger(MembershipSweeper.class);

	private static final Script PRUNE = Script.load("scripts/prune-fields.lua");

	private final RedisBulk redis;

	private final CrowdSyncProperties properties;

	private final Clock clock;

	private final Counter removed;

	private final ClusterJobs jobs;

	MembershipSweeper(RedisBulk redis, CrowdSyncProperties properties, Clock clock, MeterRegistry meters,
			ClusterJobs jobs) {
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
		this.jobs = jobs;
		this.removed = Counter.builder("crowd.sweeper.removed")
			.description("Expired membership fields and old tombstones removed from Redis")
			.register(meters);
	}

	@Scheduled(initialDelayString = "${promo.crowd.sweep-interval:10m}", fixedDelayString = "${promo.crowd.sweep-interval:10m}")
	void sweepOnSchedule() {
		Duration interval = this.properties.sweepInterval();
		// a sweep of millions of keys takes minutes; a holder that died sweeping only delays the
		// reclaiming of memory, by at most three intervals (30 min by default)
		this.jobs.runLocked("crowd-membership-sweep", interval, interval.multipliedBy(3), () -> {
			try {
				sweep();
			}
			catch (RuntimeException ex) {
				logger.warn("Sweeping expired memberships failed; the next round tries again", ex);
			}
		});
	}

	/** One pass over every node; returns the number of fields removed. */
	public long sweep() {
		Instant now = this.clock.instant();
		long count = prune("{u:*}:crowds", now.getEpochSecond())
				+ prune("{u:*}:tombstones", now.minus(this.properties.tombstoneRetention()).toEpochMilli());
		this.removed.increment(count);
		return count;
	}

	private long prune(String pattern, long cutoff) {
		long count = 0;
		ScanArgs args = ScanArgs.Builder.matches(pattern).limit(500);
		KeyScanCursor<String> cursor = this.redis.sync().scan(args);
		while (true) {
			for (String key : cursor.getKeys()) {
				count += this.redis.eval(PRUNE, new String[] { key }, Long.toString(cutoff)).join();
			}
			if (cursor.isFinished()) {
				return count;
			}
			cursor = this.redis.sync().scan(cursor, args);
		}
	}

}
