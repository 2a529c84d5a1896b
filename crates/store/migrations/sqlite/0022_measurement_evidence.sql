-- Files kept as evidence of a measurement (issue 15): a report, a survey's
-- results, a scan of a signed statement. Seen by who may see the
-- measurement's indicator; added by its submitter while it waits for
-- review. Like task attachments they are immutable and never deleted: the
-- reviewer approves what the evaluator will later read.
CREATE TABLE measurement_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    measurement_id INTEGER NOT NULL REFERENCES measurements(id),
    -- Sanitised for the download's file name; the original is kept for display.
    file_name TEXT NOT NULL,
    original_name TEXT NOT NULL,
    -- As the uploader declared it; always served as application/octet-stream.
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    uploaded_at INTEGER NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX measurement_files_measurement ON measurement_files(measurement_id);
CREATE TRIGGER measurement_files_immutable BEFORE UPDATE ON measurement_files
BEGIN
    SELECT RAISE(ABORT, 'an evidence file is immutable');
END;
CREATE TRIGGER measurement_files_kept BEFORE DELETE ON measurement_files
BEGIN
    SELECT RAISE(ABORT, 'an evidence file is never deleted');
END;
