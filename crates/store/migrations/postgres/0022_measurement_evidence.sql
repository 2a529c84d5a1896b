-- Files kept as evidence of a measurement (issue 15): a report, a survey's
-- results, a scan of a signed statement. Seen by who may see the
-- measurement's indicator; added by its submitter while it waits for
-- review. Like task attachments they are immutable and never deleted: the
-- reviewer approves what the evaluator will later read.
CREATE TABLE measurement_files (
    id BIGSERIAL PRIMARY KEY,
    measurement_id BIGINT NOT NULL REFERENCES measurements(id),
    -- Sanitised for the download's file name; the original is kept for display.
    file_name TEXT NOT NULL,
    original_name TEXT NOT NULL,
    -- As the uploader declared it; always served as application/octet-stream.
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at BIGINT NOT NULL,
    content BYTEA NOT NULL
);
CREATE INDEX measurement_files_measurement ON measurement_files(measurement_id);
CREATE FUNCTION measurement_files_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'an evidence file is immutable and never deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER measurement_files_immutable BEFORE UPDATE OR DELETE ON measurement_files
FOR EACH ROW EXECUTE FUNCTION measurement_files_guard();
