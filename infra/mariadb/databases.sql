-- The logical databases of each service (./promo up creates them; tests make their own).
-- Sharded services get one database per shard: the local layout is 2 databases x 4 tables.
CREATE DATABASE IF NOT EXISTS promo_activity;
CREATE DATABASE IF NOT EXISTS promo_claim;
CREATE DATABASE IF NOT EXISTS promo_pricing;
CREATE DATABASE IF NOT EXISTS promo_coupon_0;
CREATE DATABASE IF NOT EXISTS promo_coupon_1;
CREATE DATABASE IF NOT EXISTS promo_crowd_0;
CREATE DATABASE IF NOT EXISTS promo_crowd_1;
