-- The work that serves a part of a strategy (issue 15): dossiers, incidents
-- and draaiboeken linked to the objectives they serve. A link is shown only
-- to who may see both ends.
CREATE TABLE objective_serving (
    objective_id BIGINT NOT NULL REFERENCES objectives(object_id),
    object_id BIGINT NOT NULL REFERENCES objects(id),
    linked_by BIGINT NOT NULL REFERENCES users(id),
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (objective_id, object_id)
);
CREATE INDEX objective_serving_object ON objective_serving(object_id);
