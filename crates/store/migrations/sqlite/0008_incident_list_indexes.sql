-- The need-to-know check (EXISTS on object_access in every visibility
-- predicate) answered from the index alone: object, organisation, user.
-- It serves every lookup by object_id, so it replaces the one-column index.
-- (incidents(status) needs no extra column here: SQLite indexes carry the
-- rowid, which is the incident's object_id, so the list already walks
-- status-filtered incidents in id order.)
CREATE INDEX object_access_covering ON object_access(object_id, org_id, user_id);
DROP INDEX object_access_object;
