-- Partners in the response: informed, joined a statement, declined.
CREATE TABLE incident_partners (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(object_id),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    relation TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX incident_partners_incident ON incident_partners(incident_id);
