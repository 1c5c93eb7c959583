-- One row per T+1 snapshot load; counts and progress come from Spring Batch's own tables (V4).
CREATE TABLE crowd_batch (
    id               BIGINT        NOT NULL PRIMARY KEY,
    snapshot_path    VARCHAR(1024) NOT NULL,
    snapshot_time    DATETIME(6)   NOT NULL,
    job_execution_id BIGINT        NULL,
    created_at       DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
);
