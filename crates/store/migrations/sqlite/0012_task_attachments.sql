-- Files attached to tasks of draaiboek runs (P9). Visibility is that of the
-- execution (its incident's need-to-know). Attachments are immutable: the
-- triggers refuse every change and every deletion.
CREATE TABLE execution_task_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    execution_id INTEGER NOT NULL REFERENCES executions(id),
    task TEXT NOT NULL,
    -- Sanitised for the download's file name; the original is kept for display.
    file_name TEXT NOT NULL,
    original_name TEXT NOT NULL,
    -- As the uploader declared it; always served as application/octet-stream.
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    uploaded_at INTEGER NOT NULL,
    content BLOB NOT NULL,
    FOREIGN KEY (execution_id, task) REFERENCES execution_tasks(execution_id, task)
);
CREATE INDEX execution_task_attachments_execution ON execution_task_attachments(execution_id, task);
CREATE TRIGGER execution_task_attachments_immutable BEFORE UPDATE ON execution_task_attachments
BEGIN
    SELECT RAISE(ABORT, 'an attachment is immutable');
END;
CREATE TRIGGER execution_task_attachments_kept BEFORE DELETE ON execution_task_attachments
BEGIN
    SELECT RAISE(ABORT, 'an attachment is never deleted');
END;
