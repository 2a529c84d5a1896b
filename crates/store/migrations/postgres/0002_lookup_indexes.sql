-- Lookups the pages make often: members of an organisation, audit filters.
CREATE INDEX users_org ON users(org_id);
CREATE INDEX audit_log_action ON audit_log(action);
CREATE INDEX audit_log_actor ON audit_log(actor_label);
