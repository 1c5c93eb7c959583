-- The database arbiter of claims and the order index of redemption (single tables in ds_0).

-- Every claim the wallet has decided, once: GRANTED (with its coupon id) or REJECTED (with a code).
CREATE TABLE claim_ledger (
    claim_id    VARCHAR(64) NOT NULL,
    template_id BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    outcome     VARCHAR(16) NOT NULL,
    code        VARCHAR(32) NULL,
    coupon_id   BIGINT      NULL,
    claimed_at  DATETIME(6) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (claim_id),
    KEY idx_claim_ledger_template (template_id)
);

-- Coupons granted per user and template, raised only by a conditional update (granted < limit).
CREATE TABLE claim_user_count (
    template_id BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    granted     INT    NOT NULL,
    PRIMARY KEY (template_id, user_id)
);

-- Which coupon an order locked: confirm / release carry only the order id, this finds the shard.
CREATE TABLE order_coupon (
    order_id  VARCHAR(64) NOT NULL,
    user_id   BIGINT      NOT NULL,
    coupon_id BIGINT      NOT NULL,
    state     VARCHAR(16) NOT NULL,
    locked_at DATETIME(6) NOT NULL,
    PRIMARY KEY (order_id),
    KEY idx_order_coupon_stale (state, locked_at)
);
