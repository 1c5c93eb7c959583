-- Activities and their cities. Times are UTC (DATETIME(6) holding UTC wall-clock time).
CREATE TABLE activity (
    -- a TSID: time-sorted, unique across instances and environments without coordination
    id                  BIGINT       NOT NULL,
    title               VARCHAR(256) NOT NULL,
    description         TEXT         NULL,
    kind                VARCHAR(16)  NOT NULL,
    coupon_types        VARCHAR(128) NOT NULL,
    value_lower_limit   BIGINT       NOT NULL,
    value_upper_limit   BIGINT       NOT NULL,
    apply_start_time    DATETIME(6)  NOT NULL,
    apply_end_time      DATETIME(6)  NOT NULL,
    activity_start_time DATETIME(6)  NOT NULL,
    activity_end_time   DATETIME(6)  NOT NULL,
    -- the status last persisted; reads derive the clock's status from it and the windows
    status              VARCHAR(16)  NOT NULL,
    -- when the clock next moves it (NULL for DRAFT, ENDED, TERMINATED): the scheduler's index
    next_transition_at  DATETIME(6)  NULL,
    created_at          DATETIME(6)  NOT NULL,
    updated_at          DATETIME(6)  NOT NULL,
    version             BIGINT       NOT NULL,
    PRIMARY KEY (id),
    KEY idx_activity_next_transition (next_transition_at),
    KEY idx_activity_kind (kind)
);

CREATE TABLE activity_city (
    activity_id BIGINT      NOT NULL,
    city_id     VARCHAR(16) NOT NULL,
    PRIMARY KEY (activity_id, city_id),
    KEY idx_activity_city_city (city_id)
);
