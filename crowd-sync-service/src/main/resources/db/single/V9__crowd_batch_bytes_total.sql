-- The snapshot file's size when the batch started: its progress is bytes read against it.
ALTER TABLE crowd_batch ADD COLUMN bytes_total BIGINT NULL;
