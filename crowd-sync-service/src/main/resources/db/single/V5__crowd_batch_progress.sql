-- What the steps count beyond Spring Batch's read/filter/write counts. The steps update these in
-- their chunk's own transaction (same database as Spring Batch's tables), so a chunk redone after
-- a crash or a stop is counted once.
ALTER TABLE crowd_batch
    ADD COLUMN rows_superseded  BIGINT       NOT NULL DEFAULT 0,
    ADD COLUMN missed_follows   BIGINT       NOT NULL DEFAULT 0,
    ADD COLUMN missed_unfollows BIGINT       NOT NULL DEFAULT 0,
    ADD COLUMN error_count      INT          NOT NULL DEFAULT 0,
    ADD COLUMN errors           TEXT         NULL,
    ADD COLUMN note             VARCHAR(500) NULL;
