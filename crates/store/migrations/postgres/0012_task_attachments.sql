-- Files attached to tasks of draaiboek runs (P9). Visibility is that of the
-- execution (its incident's need-to-know). Attachments are immutable: the
-- trigger refuses every change and every deletion.
CREATE TABLE execution_task_attachments (
    id BIGSERIAL PRIMARY KEY,
    execution_id BIGINT NOT NULL REFERENCES executions(id),
    task TEXT NOT NULL,
    -- Sanitised for the download's file name; the original is kept for display.
    file_name TEXT NOT NULL,
    original_name TEXT NOT NULL,
    -- As the uploader declared it; always served as application/octet-stream.
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL,
    content BYTEA NOT NULL,
    FOREIGN KEY (execution_id, task) REFERENCES execution_tasks(execution_id, task)
);
CREATE INDEX execution_task_attachments_execution ON execution_task_attachments(execution_id, task);
CREATE FUNCTION execution_task_attachments_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'an attachment is immutable and never deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER execution_task_attachments_immutable BEFORE UPDATE OR DELETE ON execution_task_attachments
FOR EACH ROW EXECUTE FUNCTION execution_task_attachments_guard();
