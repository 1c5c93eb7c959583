-- Items and their fan prices. Money in minor units; times are UTC (DATETIME(6) holding UTC wall-clock time).
CREATE TABLE item (
    -- the marketplace's item id, chosen by the merchant's systems (digits)
    id            BIGINT       NOT NULL,
    -- the merchant who registered the item first owns it for good
    seller_id     BIGINT       NOT NULL,
    title         VARCHAR(256) NOT NULL,
    city_id       VARCHAR(16)  NOT NULL,
    list_price    BIGINT       NOT NULL,
    price_unit    VARCHAR(16)  NOT NULL,
    deposit       BIGINT       NOT NULL,
    -- raised by every change of the item itself (ItemChanged.version)
    version       BIGINT       NOT NULL,
    -- raised by every change of its fan prices (FanPriceChanged.version)
    rules_version BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_item_seller (seller_id)
);

-- At most one fan price per item and crowd type; its crowd id is <seller_id> + the type's suffix.
CREATE TABLE fan_price (
    item_id    BIGINT      NOT NULL,
    crowd_type VARCHAR(16) NOT NULL,
    price      BIGINT      NOT NULL,
    -- the optional window: active from start_time (inclusive) until end_time (exclusive)
    start_time DATETIME(6) NULL,
    end_time   DATETIME(6) NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (item_id, crowd_type)
);
