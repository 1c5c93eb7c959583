package com.promo.crowd;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of crowd-sync-service.
 *
 * @param batchInterval how often the T+1 snapshot arrives; every membership written to Redis
 * expires {@code batchInterval + membershipGrace} after it was written, so an unfollow the
 * real-time path missed ends at the latest one interval (plus grace) after the last snapshot that
 * still contained the relation
 * @param membershipGrace the margin above the batch interval (a late batch must not let
 * memberships lapse)
 * @param oldFanAge how long a user must have been following to be in {@code <seller>_old_fans}
 * @param tombstoneRetention how long an unfollow's tombstone is kept; a snapshot older than this is
 * refused, since the tombstones that would overrule it may be gone
 * @param purchaseRetention how long Redis remembers that a user bought from a seller (the batch
 * and the real-time path use it to keep {@code buy_fans} when a snapshot row has no purchase column)
 * @param chunkSize rows per batch chunk (one transaction of the job repository each, and one
 * pipelined flush of script calls to Redis)
 * @param batchPartitions how many partitions (threads) refresh a snapshot's memberships, each
 * reading the whole file and keeping the rows of its share of the users; a batch keeps the count
 * it started with across restarts. Each partition decompresses the whole file: two keep Redis as
 * busy as four did, for half the reading
 * @param batchMaxRowsPerSecond rows per second a batch may refresh at most, over all its partitions
 * and steps (0: no limit); a pace for machines where the batch shares cores or Redis with the
 * online path
 * @param retireMaxSkipRatio the batch retires relations its snapshot no longer holds only when at
 * most this share of rows was malformed (a damaged file must not end thousands of memberships)
 * @param batchStaleAfter a batch marked running whose chunks have not committed for this long
 * belongs to a dead process: it is recovered and restarted from its last committed chunk
 * @param batchResumeCheck how often running batches are checked for that
 * @param sweepInterval how often expired fields and old tombstones are removed from Redis
 * @param metricsInterval how often the membership counts by crowd type are recomputed
 * @param maxEventSkew an event whose time lies further than this in the future is malformed
 */
@Validated
@ConfigurationProperties("promo.crowd")
public record CrowdSyncProperties(@DefaultValue("24h") Duration batchInterval,
		@DefaultValue("2h") Duration membershipGrace, @DefaultValue("30d") Duration oldFanAge,
		@DefaultValue("7d") Duration tombstoneRetention, @DefaultValue("400d") Duration purchaseRetention,
		@DefaultValue("2000") @Min(1) int chunkSize, @DefaultValue("2") @Min(1) int batchPartitions,
		@DefaultValue("0") @Min(0) int batchMaxRowsPerSecond,
		@DefaultValue("0.0001") double retireMaxSkipRatio,
		@DefaultValue("2m") Duration batchStaleAfter, @DefaultValue("60s") Duration batchResumeCheck, @DefaultValue("10m") Duration sweepInterval,
		@DefaultValue("5m") Duration metricsInterval, @DefaultValue("5m") Duration maxEventSkew) {

	/** How long a membership written now stays valid without being refreshed. */
	public Duration membershipTtl() {
		return this.batchInterval.plus(this.membershipGrace);
	}

}
