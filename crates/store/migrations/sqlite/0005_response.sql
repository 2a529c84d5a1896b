-- Response options (the catalogue, seeded from the shipped data and
-- extensible by administrators) and the response plan of each incident.
CREATE TABLE response_options (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    lead TEXT NOT NULL,
    approvals TEXT NOT NULL,
    public INTEGER NOT NULL,
    reversible INTEGER NOT NULL,
    escalation INTEGER NOT NULL,
    public_attribution INTEGER NOT NULL,
    renewable INTEGER NOT NULL,
    lapsed INTEGER NOT NULL DEFAULT 0,
    shipped INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE response_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(object_id),
    option_id TEXT NOT NULL REFERENCES response_options(id),
    rationale TEXT NOT NULL,
    status TEXT NOT NULL,
    status_at INTEGER NOT NULL,
    renewal_date TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);
CREATE INDEX response_items_incident ON response_items(incident_id);
CREATE INDEX response_items_renewal ON response_items(renewal_date);
