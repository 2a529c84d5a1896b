-- The work that serves a part of a strategy (issue 15): dossiers, incidents
-- and draaiboeken linked to the objectives they serve. A link is shown only
-- to who may see both ends.
CREATE TABLE objective_serving (
    objective_id INTEGER NOT NULL REFERENCES objectives(object_id),
    object_id INTEGER NOT NULL REFERENCES objects(id),
    linked_by INTEGER NOT NULL REFERENCES users(id),
    linked_at INTEGER NOT NULL,
    PRIMARY KEY (objective_id, object_id)
);
CREATE INDEX objective_serving_object ON objective_serving(object_id);
