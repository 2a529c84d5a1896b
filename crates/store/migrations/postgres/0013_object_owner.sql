-- Originator control (issue 11): the organisation that created an object
-- owns its marking. It is the creator's organisation at the moment of
-- creation and does not follow the creator when they move: rotation must not
-- carry authority over a marking to another organisation. Objects the
-- instance ships (built-in draaiboeken) or loaded without a user have none.
ALTER TABLE objects ADD COLUMN owner_org_id BIGINT REFERENCES organisations(id);
UPDATE objects SET owner_org_id = (SELECT u.org_id FROM users u WHERE u.id = objects.created_by)
    WHERE created_by IS NOT NULL;

-- Versions are marked one by one (issue 11): a reader of version n does not
-- see an earlier version that had a narrower need-to-know list. Each version
-- keeps the list it was written with. Versions written before this
-- migration take the assessment's current list: the earlier lists were not
-- kept, and the current one is what their readers have been shown so far.
ALTER TABLE assessment_versions ADD COLUMN open_to_all BIGINT NOT NULL DEFAULT 0;
UPDATE assessment_versions SET open_to_all = (SELECT o.open_to_all FROM objects o WHERE o.id = assessment_versions.assessment_id);
CREATE TABLE assessment_version_access (
    assessment_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    org_id BIGINT REFERENCES organisations(id),
    user_id BIGINT REFERENCES users(id),
    CHECK ((org_id IS NULL) <> (user_id IS NULL)),
    FOREIGN KEY (assessment_id, version) REFERENCES assessment_versions(assessment_id, version)
);
CREATE INDEX assessment_version_access_version ON assessment_version_access(assessment_id, version);
INSERT INTO assessment_version_access (assessment_id, version, org_id, user_id)
    SELECT v.assessment_id, v.version, a.org_id, a.user_id
    FROM assessment_versions v JOIN object_access a ON a.object_id = v.assessment_id;
