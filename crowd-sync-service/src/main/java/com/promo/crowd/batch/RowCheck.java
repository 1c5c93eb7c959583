package com.promo.crowd.batch;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Lets valid rows through; a malformed row is skipped (counted by Spring Batch as filtered) and
 * the first few are kept as examples for the report.
 */
@Component
@StepScope
class RowCheck implements ItemProcessor<SnapshotRow, SnapshotRow> {

	private final BatchProgress progress;

	private final long batchId;

	RowCheck(BatchProgress progress, @Value("#{jobParameters['batchId']}") long batchId) {
		this.progress = progress;
		this.batchId = batchId;
	}

	@Override
	public SnapshotRow process(SnapshotRow row) {
		if (row.isValid()) {
			return row;
		}
		this.progress.error(this.batchId, row.error());
		return null;
	}

}
