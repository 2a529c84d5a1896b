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
    public BIGINT NOT NULL,
    reversible BIGINT NOT NULL,
    escalation BIGINT NOT NULL,
    public_attribution BIGINT NOT NULL,
    renewable BIGINT NOT NULL,
    lapsed BIGINT NOT NULL DEFAULT 0,
    shipped BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE response_items (
    id BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents(object_id),
    option_id TEXT NOT NULL REFERENCES response_options(id),
    rationale TEXT NOT NULL,
    status TEXT NOT NULL,
    status_at BIGINT NOT NULL,
    renewal_date TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX response_items_incident ON response_items(incident_id);
CREATE INDEX response_items_renewal ON response_items(renewal_date);
