package com.promo.crowd.batch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.membership.MembershipKeys;
import com.promo.crowd.membership.RedisBulk;
import com.promo.crowd.membership.RedisBulk.Script;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refreshes the memberships of a chunk of snapshot rows: the rows are grouped by user and each
 * user's rows go to Redis as one script call (the user's keys share a slot), all calls of the
 * chunk in flight at once. The script skips rows overruled by a newer tombstone and says how many.
 */
@Component
@StepScope
class MembershipRefreshWriter implements ItemWriter<SnapshotRow> {

	/** Rows of one user per script call: the script unpacks them onto Lua's stack (a few thousand values). */
	private static final int MAX_ROWS_PER_CALL = 1000;

	private static final Script REFRESH = Script.load("scripts/refresh-snapshot.lua");

	private final RedisBulk redis;

	private final CrowdSyncProperties properties;

	private final Clock clock;

	private final BatchProgress progress;

	private final long batchId;

	private final Instant snapshotTime;

	MembershipRefreshWriter(RedisBulk redis, CrowdSyncProperties properties, Clock clock,
			BatchProgress progress, @Value("#{jobParameters['batchId']}") long batchId,
			@Value("#{jobParameters['snapshotTime']}") String snapshotTime) {
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
		this.progress = progress;
		this.batchId = batchId;
		this.snapshotTime = Instant.parse(snapshotTime);
	}

	@Override
	public void write(Chunk<? extends SnapshotRow> chunk) {
		Map<Long, List<SnapshotRow>> byUser = new LinkedHashMap<>();
		for (SnapshotRow row : chunk) {
			byUser.computeIfAbsent(row.userId(), (user) -> new ArrayList<>()).add(row);
		}
		Instant now = this.clock.instant();
		String[] common = { Long.toString(this.snapshotTime.toEpochMilli()),
				Long.toString(now.plus(this.properties.membershipTtl()).getEpochSecond()),
				Long.toString(now.minus(this.properties.oldFanAge()).toEpochMilli()),
				Long.toString(this.properties.purchaseRetention().toSeconds()) };
		List<CompletableFuture<Long>> calls = new ArrayList<>(byUser.size());
		byUser.forEach((user, all) -> {
			for (int from = 0; from < all.size(); from += MAX_ROWS_PER_CALL) {
				List<SnapshotRow> rows = all.subList(from, Math.min(all.size(), from + MAX_ROWS_PER_CALL));
				calls.add(this.redis.eval(REFRESH, MembershipKeys.of(user).toArray(String[]::new), arguments(common, rows)));
			}
		});
		long superseded = 0;
		for (CompletableFuture<Long> call : calls) {
			superseded += call.join(); // a failure fails the chunk, which is then redone (the script is idempotent)
		}
		this.progress.add(this.batchId, BatchProgress.Counter.SUPERSEDED, superseded);
	}

	private static String[] arguments(String[] common, List<SnapshotRow> rows) {
		String[] args = new String[common.length + rows.size() * 3];
		System.arraycopy(common, 0, args, 0, common.length);
		int i = common.length;
		for (SnapshotRow row : rows) {
			args[i++] = Long.toString(row.sellerId());
			args[i++] = Long.toString(row.followedAt().toEpochMilli());
			args[i++] = (row.firstPurchaseAt() != null) ? Long.toString(row.firstPurchaseAt().toEpochMilli()) : "";
		}
		return args;
	}

}
