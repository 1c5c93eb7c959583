package com.promo.crowd.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.promo.crowd.relation.FollowRelation;
import com.promo.crowd.relation.FollowRelation.SnapshotMerge;
import com.promo.crowd.relation.FollowRelation.SnapshotOutcome;
import com.promo.crowd.relation.RelationService;
import com.promo.crowd.relation.RelationStore;
import com.promo.crowd.relation.RelationStore.Pair;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reconciles the relation store with a chunk of snapshot rows: one read for all the chunk's users,
 * the merge rule of {@link FollowRelation#mergeSnapshot}, and writes only for what changed. A
 * relation the store did not know as following is drift (a follow the real-time path missed).
 * Writes are conditional; a relation changed meanwhile by the real-time path is merged again on
 * its new state.
 */
@Component
@StepScope
class StoreReconcileWriter implements ItemWriter<SnapshotRow> {

	private final RelationStore store;

	private final RelationService relations;

	private final BatchProgress progress;

	private final BatchPace pace;

	private final long batchId;

	private final Instant snapshotTime;

	StoreReconcileWriter(RelationStore store, RelationService relations, BatchProgress progress, BatchPace pace,
			@Value("#{jobParameters['batchId']}") long batchId, @Value("#{jobParameters['snapshotTime']}") String snapshotTime) {
		this.store = store;
		this.relations = relations;
		this.progress = progress;
		this.pace = pace;
		this.batchId = batchId;
		this.snapshotTime = Instant.parse(snapshotTime);
	}

	@Override
	public void write(Chunk<? extends SnapshotRow> chunk) {
		this.pace.acquire(chunk.size());
		Set<Long> users = new LinkedHashSet<>();
		chunk.forEach((row) -> users.add(row.userId()));
		Map<Pair, FollowRelation> stored = this.store.findAll(users);
		Map<Pair, FollowRelation> changed = new LinkedHashMap<>();
		Map<Pair, SnapshotRow> rowOf = new LinkedHashMap<>();
		long missedFollows = 0;
		for (SnapshotRow row : chunk) {
			Pair pair = new Pair(row.userId(), row.sellerId());
			FollowRelation current = changed.getOrDefault(pair,
					stored.getOrDefault(pair, FollowRelation.absent(row.userId(), row.sellerId())));
			SnapshotMerge merge = current.mergeSnapshot(this.snapshotTime, row.followedAt(), row.firstPurchaseAt());
			if (merge.outcome() == SnapshotOutcome.CORRECTED) {
				missedFollows++;
			}
			if (!merge.relation().equals(current)) {
				changed.put(pair, merge.relation());
				rowOf.put(pair, row);
			}
		}
		List<FollowRelation> inserts = new ArrayList<>();
		List<FollowRelation> conflicts = new ArrayList<>();
		for (FollowRelation relation : changed.values()) {
			if (!relation.isStored()) {
				inserts.add(relation);
			}
			else if (!this.store.save(relation)) {
				conflicts.add(relation);
			}
		}
		if (this.store.insertNew(inserts) < inserts.size()) {
			conflicts.addAll(inserts); // some were inserted meanwhile: merge each again, a no-op for ours
		}
		for (FollowRelation relation : conflicts) {
			SnapshotRow row = rowOf.get(new Pair(relation.userId(), relation.sellerId()));
			this.relations.apply(row.userId(), row.sellerId(),
					(latest) -> latest.mergeSnapshot(this.snapshotTime, row.followedAt(), row.firstPurchaseAt())
						.relation());
		}
		this.progress.add(this.batchId, BatchProgress.Counter.MISSED_FOLLOWS, missedFollows);
	}

}
