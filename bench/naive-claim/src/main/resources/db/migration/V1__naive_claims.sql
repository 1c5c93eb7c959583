-- The naive claim's whole state, as yudao and litemall keep it: a template row whose counter is
-- the stock (the one hot row every claim updates) and one row per coupon handed out.
CREATE TABLE coupon_template (
    id             BIGINT NOT NULL AUTO_INCREMENT,
    total_stock    INT    NOT NULL,
    claimed        INT    NOT NULL DEFAULT 0,
    per_user_limit INT    NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE coupon (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    template_id BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    claimed_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    KEY idx_coupon_template_user (template_id, user_id)
);
