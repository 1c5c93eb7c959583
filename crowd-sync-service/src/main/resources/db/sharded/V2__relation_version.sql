-- Optimistic concurrency for the relation store (real-time consumers and the batch may touch the
-- same relation), and relations known only from a purchase have no follow event yet.
ALTER TABLE follow_relation_{shard}
    ADD COLUMN version BIGINT NOT NULL DEFAULT 1,
    MODIFY COLUMN last_event_at DATETIME(6) NULL;
