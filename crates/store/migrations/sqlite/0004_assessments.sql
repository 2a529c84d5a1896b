-- Assessments of incidents: each its own marked object, versioned.
CREATE TABLE assessments (
    object_id INTEGER PRIMARY KEY REFERENCES objects(id),
    incident_id INTEGER NOT NULL REFERENCES incidents(object_id),
    kind TEXT NOT NULL,
    author_org_id INTEGER NOT NULL REFERENCES organisations(id),
    -- Who may know the assessment exists without reading it.
    meta_classification TEXT NOT NULL,
    content TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id)
);
CREATE INDEX assessments_incident ON assessments(incident_id);

-- Every version as it was written: the history is never rewritten.
CREATE TABLE assessment_versions (
    assessment_id INTEGER NOT NULL REFERENCES assessments(object_id),
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    classification TEXT NOT NULL,
    tlp TEXT NOT NULL,
    edited_by INTEGER REFERENCES users(id),
    edited_at INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, version)
);

-- Timeline events can be about an object (an assessment); such events are
-- shown only to whoever may know the object exists.
ALTER TABLE incident_events ADD COLUMN object_id INTEGER REFERENCES objects(id);
