-- The user coupon wallet, sharded by user_id: this script runs once per physical table,
-- {shard} standing for the table number (see promo-sharding's ShardedMigrations).
CREATE TABLE user_coupon_{shard} (
    id          BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    template_id BIGINT      NOT NULL,
    claim_id    VARCHAR(64) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    valid_from  DATETIME(6) NOT NULL,
    valid_until DATETIME(6) NOT NULL,
    order_id    VARCHAR(64) NULL,
    locked_at   DATETIME(6) NULL,
    used_at     DATETIME(6) NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version     BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    -- a claim becomes at most one coupon (a claim's user fixes its shard)
    UNIQUE KEY uk_user_coupon_{shard}_claim (claim_id),
    KEY idx_user_coupon_{shard}_wallet (user_id, status, valid_until)
);
