-- claim-service's own records: the templates it guards (from their events) and every claim it
-- accepted, with how the wallet settled it. Redis holds the hot state; these rebuild and check it.
CREATE TABLE template_state (
    template_id    BIGINT      NOT NULL,
    status         VARCHAR(16) NOT NULL,
    claim_start    DATETIME(6) NOT NULL,
    claim_end      DATETIME(6) NOT NULL,
    audience_type  VARCHAR(16) NOT NULL,
    crowd_id       VARCHAR(64) NULL,
    per_user_limit INT         NOT NULL,
    total_stock    INT         NOT NULL,
    version        BIGINT      NOT NULL,
    PRIMARY KEY (template_id),
    KEY idx_template_state_status (status)
);

CREATE TABLE claim (
    claim_id    VARCHAR(64) NOT NULL,
    template_id BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    status      VARCHAR(16) NOT NULL,
    coupon_id   BIGINT      NULL,
    code        VARCHAR(32) NULL,
    claimed_at  DATETIME(6) NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (claim_id),
    KEY idx_claim_template (template_id, status),
    KEY idx_claim_user (user_id)
);
