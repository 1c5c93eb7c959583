package com.promo.crowd.batch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.membership.MembershipKeys;
import com.promo.crowd.membership.RedisBulk;
import com.promo.crowd.membership.RedisBulk.Pipeline;
import com.promo.crowd.membership.RedisBulk.Script;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refreshes the memberships of a chunk of snapshot rows: each run of one user's rows goes to Redis
 * as one script call (the user's keys share a slot). Each partition has a pipelined connection of
 * its own, so a chunk's calls leave in one write per node and are awaited together. The script
 * skips rows overruled by a newer tombstone and says how many.
 */
@Component
@StepScope
class MembershipRefreshWriter implements ItemStreamWriter<SnapshotRow> {

	/** Rows of one user per script call: the script unpacks them onto Lua's stack (a few thousand values). */
	private static final int MAX_ROWS_PER_CALL = 1000;

	private static final Script REFRESH = Script.load("scripts/refresh-snapshot.lua");

	/** A row without a first purchase: the script reads an empty argument as none. */
	private static final byte[] NO_PURCHASE = new byte[0];

	private final RedisBulk redis;

	private final CrowdSyncProperties properties;

	private final Clock clock;

	private final BatchProgress progress;

	private final BatchPace pace;

	private final long batchId;

	private final long snapshotMillis;

	private @Nullable Pipeline pipeline;

	MembershipRefreshWriter(RedisBulk redis, CrowdSyncProperties properties, Clock clock,
			BatchProgress progress, BatchPace pace, @Value("#{jobParameters['batchId']}") long batchId,
			@Value("#{jobParameters['snapshotTime']}") String snapshotTime) {
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
		this.progress = progress;
		this.pace = pace;
		this.batchId = batchId;
		this.snapshotMillis = Instant.parse(snapshotTime).toEpochMilli();
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.pipeline = this.redis.pipeline();
	}

	@Override
	public void close() {
		if (this.pipeline != null) {
			this.pipeline.close();
			this.pipeline = null;
		}
	}

	@Override
	public void write(Chunk<? extends SnapshotRow> chunk) {
		this.pace.acquire(chunk.size());
		Instant now = this.clock.instant();
		long expiry = now.plus(this.properties.membershipTtl()).getEpochSecond();
		long oldBefore = now.minus(this.properties.oldFanAge()).toEpochMilli();
		long purchaseRetention = this.properties.purchaseRetention().toSeconds();
		// a snapshot lists each user's rows together (users in id order): one call per run of rows
		List<? extends SnapshotRow> rows = chunk.getItems();
		List<CompletableFuture<Long>> calls = new ArrayList<>();
		int from = 0;
		while (from < rows.size()) {
			long user = rows.get(from).userId();
			int to = from + 1;
			while (to < rows.size() && to - from < MAX_ROWS_PER_CALL && rows.get(to).userId() == user) {
				to++;
			}
			int first = from;
			int end = to;
			calls.add(this.pipeline.eval(REFRESH, MembershipKeys.encoded(user), (args) -> {
				args.add(this.snapshotMillis).add(expiry).add(oldBefore).add(purchaseRetention);
				for (int r = first; r < end; r++) {
					SnapshotRow row = rows.get(r);
					args.add(row.sellerId()).add(row.followedAtMillis());
					if (row.firstPurchaseAtMillis() != SnapshotRow.NONE) {
						args.add(row.firstPurchaseAtMillis());
					}
					else {
						args.add(NO_PURCHASE);
					}
				}
			}));
			from = to;
		}
		this.pipeline.await(calls); // a failure fails the chunk, which is then redone (the script is idempotent)
		long superseded = 0;
		for (CompletableFuture<Long> call : calls) {
			superseded += call.join();
		}
		this.progress.add(this.batchId, BatchProgress.Counter.SUPERSEDED, superseded);
	}

}
