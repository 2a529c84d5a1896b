-- Partners in the response: informed, joined a statement, declined.
CREATE TABLE incident_partners (
    id BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents(object_id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    relation TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX incident_partners_incident ON incident_partners(incident_id);
