-- A batch's job executions are found through its job instance (the batch id identifies it).
ALTER TABLE crowd_batch DROP COLUMN job_execution_id;
