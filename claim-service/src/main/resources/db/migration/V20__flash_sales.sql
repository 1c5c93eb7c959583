-- Flash sales (their own tables; the claim tables are untouched).
-- flash_sale: the SPECIAL_PRICE templates of FLASH_SALE activities, from the template events, with
-- the database arbiter's counters: reserved + paid never exceeds total_stock (guarded updates), so a
-- Redis that lost reservations in a failover can never make the ledger sell a unit twice.
CREATE TABLE flash_sale (
    template_id    BIGINT      NOT NULL,
    status         VARCHAR(16) NOT NULL,
    price          BIGINT      NOT NULL,
    total_stock    INT         NOT NULL,
    per_user_limit INT         NOT NULL,
    sale_start     DATETIME(6) NOT NULL,
    sale_end       DATETIME(6) NOT NULL,
    version        BIGINT      NOT NULL,
    reserved_count INT         NOT NULL DEFAULT 0,
    paid_count     INT         NOT NULL DEFAULT 0,
    expired_count  INT         NOT NULL DEFAULT 0,
    rejected_count INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (template_id)
);

-- Units a buyer holds of a sale (reserved or paid): the per-user arbiter, guarded like the sale's.
CREATE TABLE flash_sale_buyer (
    template_id BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    held        INT    NOT NULL,
    PRIMARY KEY (template_id, user_id)
);

-- One row per transaction id (the buyer's handle from entry to the payment page).
-- status RESERVED -> PAID | EXPIRED, or REJECTED (the arbiter overruled Redis; code says why).
-- released: an EXPIRED unit's give-back to Redis is done (retried until it is).
CREATE TABLE flash_transaction (
    transaction_id    VARCHAR(64)  NOT NULL,
    template_id       BIGINT       NOT NULL,
    user_id           BIGINT       NOT NULL,
    price             BIGINT       NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    code              VARCHAR(32)  NULL,
    reserved_at       DATETIME(6)  NOT NULL,
    pay_before        DATETIME(6)  NOT NULL,
    paid_at           DATETIME(6)  NULL,
    paid_amount       BIGINT       NULL,
    provider_ref      VARCHAR(128) NULL,
    expired_at        DATETIME(6)  NULL,
    released          BOOLEAN      NOT NULL DEFAULT FALSE,
    late_paid_at      DATETIME(6)  NULL,
    late_amount       BIGINT       NULL,
    late_provider_ref VARCHAR(128) NULL,
    PRIMARY KEY (transaction_id),
    KEY idx_flash_tx_due (status, pay_before),
    KEY idx_flash_tx_sale (template_id, status),
    KEY idx_flash_tx_unreleased (status, released)
);

-- Every payment notification, whatever became of it (ACCEPTED, REPLAYED is not stored again;
-- AMOUNT_MISMATCH, LATE, UNKNOWN_TRANSACTION, DUPLICATE): nothing the provider said is lost.
CREATE TABLE flash_payment (
    transaction_id VARCHAR(64)  NOT NULL,
    provider_ref   VARCHAR(128) NOT NULL,
    amount         BIGINT       NOT NULL,
    paid_at        DATETIME(6)  NOT NULL,
    outcome        VARCHAR(32)  NOT NULL,
    recorded_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (transaction_id, provider_ref)
);

-- Stored reconciliation reports (the lists as JSON: a report is read whole, never queried inside).
CREATE TABLE flash_reconciliation (
    id                BIGINT      NOT NULL,
    template_id       BIGINT      NOT NULL,
    created_at        DATETIME(6) NOT NULL,
    file_rows         INT         NOT NULL,
    matched           INT         NOT NULL,
    quantity_delta    INT         NOT NULL,
    missing_internal  LONGTEXT    NOT NULL,
    missing_external  LONGTEXT    NOT NULL,
    amount_mismatches LONGTEXT    NOT NULL,
    PRIMARY KEY (id),
    KEY idx_flash_recon_sale (template_id, created_at)
);

-- A settlement file's rows while its reconciliation runs (one database transaction: a malformed file
-- rolls back and leaves nothing; a finished one deletes its rows). The matching is done by joins
-- here, so a 100,000-row file never sits in the service's heap.
CREATE TABLE flash_settlement_row (
    reconciliation_id BIGINT       NOT NULL,
    line              INT          NOT NULL,
    transaction_id    VARCHAR(64)  NOT NULL,
    provider_ref      VARCHAR(128) NOT NULL,
    amount            BIGINT       NOT NULL,
    paid_at           DATETIME(6)  NOT NULL,
    PRIMARY KEY (reconciliation_id, line),
    KEY idx_flash_settlement_tx (reconciliation_id, transaction_id)
);
