-- The kind of a template's activity (from version 2 of the template events; older rows and version 1
-- events are COUPON): a FLASH_SALE activity's templates are not claimable as coupons.
ALTER TABLE template_state ADD COLUMN activity_kind VARCHAR(16) NOT NULL DEFAULT 'COUPON';
