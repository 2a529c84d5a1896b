-- The need-to-know check (EXISTS on object_access in every visibility
-- predicate) answered from the index alone: object, organisation, user.
-- It serves every lookup by object_id, so it replaces the one-column index.
CREATE INDEX object_access_covering ON object_access(object_id, org_id, user_id);
DROP INDEX object_access_object;
-- Status-filtered lists and counts read the incident ids from the index
-- (index-only scan) instead of visiting every matching incident row.
CREATE INDEX incidents_status_id ON incidents(status, object_id);
DROP INDEX incidents_status;
