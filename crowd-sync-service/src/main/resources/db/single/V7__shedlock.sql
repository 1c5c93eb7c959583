-- ShedLock's lock table (promo-scheduling): one row per scheduled job that runs on one instance of
-- the cluster at a time. A single table in ds_0, which the lock provider reads and writes directly
-- (not through ShardingSphere). The provider writes the database's own UTC time (usingDbTime), so
-- no instance's clock decides who holds a lock; DATETIME, not TIMESTAMP, so that nothing converts
-- or auto-updates these values.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL,
    lock_until DATETIME(3)  NOT NULL,
    locked_at  DATETIME(3)  NOT NULL,
    locked_by  VARCHAR(255) NOT NULL,
    PRIMARY KEY (name)
);
