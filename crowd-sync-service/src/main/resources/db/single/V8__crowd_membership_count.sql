-- The membership counts by crowd type (gauge crowd.memberships): one instance of the cluster counts
-- the relation store and writes them here, every instance exports what is here.
CREATE TABLE crowd_membership_count (
    crowd_type VARCHAR(16) NOT NULL,
    total      BIGINT      NOT NULL,
    counted_at DATETIME(3) NOT NULL,
    PRIMARY KEY (crowd_type)
);
