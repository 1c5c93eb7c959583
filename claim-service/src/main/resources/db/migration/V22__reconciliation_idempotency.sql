-- A reconciliation's Idempotency-Key and its file's SHA-256 (hex), hashed while the file streams
-- through: a repeat with the key and the same file answers the stored report, the key with another
-- file is a 409. Reports uploaded without a key keep NULLs (a UNIQUE index allows many).
ALTER TABLE flash_reconciliation
    ADD COLUMN idempotency_key VARCHAR(64) NULL,
    ADD COLUMN file_digest     CHAR(64)    NULL,
    ADD UNIQUE KEY uk_flash_recon_key (template_id, idempotency_key);
