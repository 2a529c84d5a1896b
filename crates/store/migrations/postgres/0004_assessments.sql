-- Assessments of incidents: each its own marked object, versioned.
CREATE TABLE assessments (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    incident_id BIGINT NOT NULL REFERENCES incidents(object_id),
    kind TEXT NOT NULL,
    author_org_id BIGINT NOT NULL REFERENCES organisations(id),
    -- Who may know the assessment exists without reading it.
    meta_classification TEXT NOT NULL,
    content TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX assessments_incident ON assessments(incident_id);

-- Every version as it was written: the history is never rewritten.
CREATE TABLE assessment_versions (
    assessment_id BIGINT NOT NULL REFERENCES assessments(object_id),
    version BIGINT NOT NULL,
    content TEXT NOT NULL,
    classification TEXT NOT NULL,
    tlp TEXT NOT NULL,
    edited_by BIGINT REFERENCES users(id),
    edited_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, version)
);

-- Timeline events can be about an object (an assessment); such events are
-- shown only to whoever may know the object exists.
ALTER TABLE incident_events ADD COLUMN object_id BIGINT REFERENCES objects(id);
