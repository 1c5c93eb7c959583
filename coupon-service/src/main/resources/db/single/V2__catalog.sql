-- Unsharded tables of coupon-service: single tables in the first shard database (ds_0).

-- What coupon-service knows of activities, from promo.activity-events (highest version wins).
CREATE TABLE activity_view (
    id                  BIGINT        NOT NULL,
    kind                VARCHAR(16)   NOT NULL,
    city_ids            VARCHAR(2048) NOT NULL,
    coupon_types        VARCHAR(128)  NOT NULL,
    value_lower_limit   BIGINT        NOT NULL,
    value_upper_limit   BIGINT        NOT NULL,
    apply_start_time    DATETIME(6)   NOT NULL,
    apply_end_time      DATETIME(6)   NOT NULL,
    activity_start_time DATETIME(6)   NOT NULL,
    activity_end_time   DATETIME(6)   NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    version             BIGINT        NOT NULL,
    PRIMARY KEY (id)
);

-- Each listing's seller, city and prices, from promo.item-events (highest version wins).
CREATE TABLE listing_view (
    listing_id BIGINT       NOT NULL,
    seller_id  BIGINT       NOT NULL,
    city_id    VARCHAR(16)  NOT NULL,
    title      VARCHAR(256) NOT NULL,
    list_price BIGINT       NOT NULL,
    price_unit VARCHAR(16)  NOT NULL,
    deposit    BIGINT       NOT NULL,
    version    BIGINT       NOT NULL,
    PRIMARY KEY (listing_id)
);

CREATE TABLE merchant_signup (
    activity_id BIGINT      NOT NULL,
    merchant_id BIGINT      NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (activity_id, merchant_id)
);

CREATE TABLE coupon_template (
    id                BIGINT       NOT NULL,
    activity_id       BIGINT       NOT NULL,
    merchant_id       BIGINT       NOT NULL,
    city_id           VARCHAR(16)  NOT NULL,
    type              VARCHAR(16)  NOT NULL,
    title             VARCHAR(256) NOT NULL,
    amount_off        BIGINT       NULL,
    percent_off       INT          NULL,
    max_discount      BIGINT       NULL,
    free_days         INT          NULL,
    special_price     BIGINT       NULL,
    threshold_amount  BIGINT       NOT NULL,
    deduction         VARCHAR(16)  NOT NULL,
    total_stock       INT          NOT NULL,
    per_user_limit    INT          NOT NULL,
    validity_type     VARCHAR(16)  NOT NULL,
    validity_start    DATETIME(6)  NULL,
    validity_end      DATETIME(6)  NULL,
    validity_days     INT          NULL,
    audience_type     VARCHAR(16)  NOT NULL,
    audience_crowd_id VARCHAR(64)  NULL,
    status            VARCHAR(16)  NOT NULL,
    claimed_count     BIGINT       NOT NULL DEFAULT 0,
    created_at        DATETIME(6)  NOT NULL,
    updated_at        DATETIME(6)  NOT NULL,
    version           BIGINT       NOT NULL,
    PRIMARY KEY (id),
    KEY idx_template_merchant (merchant_id, activity_id, status),
    KEY idx_template_activity (activity_id, status),
    KEY idx_template_expiry (status, validity_end)
);

-- A template bound to a listing; active while the template can still be claimed.
CREATE TABLE coupon_binding (
    template_id BIGINT      NOT NULL,
    listing_id  BIGINT      NOT NULL,
    active      BOOLEAN     NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (template_id, listing_id),
    KEY idx_binding_listing (listing_id, active)
);

-- The binding cap's guard: active bindings per listing, only ever raised by a conditional update
-- (active_count < cap) that locks the row, so concurrent binds on one listing cannot pass the cap.
CREATE TABLE listing_binding_count (
    listing_id   BIGINT NOT NULL,
    active_count INT    NOT NULL,
    PRIMARY KEY (listing_id)
);
