-- The run's task an assessment was recorded from (issue 14): a draaiboek
-- step whose answer becomes an assessment of the incident. NULL for an
-- assessment written on its own. One assessment per task.
ALTER TABLE assessments ADD COLUMN execution_id BIGINT REFERENCES executions(id);
ALTER TABLE assessments ADD COLUMN task TEXT;
CREATE UNIQUE INDEX assessments_by_task ON assessments (execution_id, task) WHERE execution_id IS NOT NULL;
