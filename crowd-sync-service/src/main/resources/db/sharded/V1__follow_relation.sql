-- The durable relation store, sharded by user_id: this script runs once per physical table,
-- {shard} standing for the table number (see promo-sharding's ShardedMigrations).
CREATE TABLE follow_relation_{shard} (
    user_id           BIGINT      NOT NULL,
    seller_id         BIGINT      NOT NULL,
    following         BOOLEAN     NOT NULL,
    followed_at       DATETIME(6) NULL,
    unfollowed_at     DATETIME(6) NULL,
    first_purchase_at DATETIME(6) NULL,
    -- event time of the newest event applied: an older event never overwrites a newer state
    last_event_at     DATETIME(6) NOT NULL,
    updated_at        DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    PRIMARY KEY (user_id, seller_id)
);
