-- Incident dossiers (P8) and the threat-actor catalogue.
-- List-valued fields (victims, countries, sectors, effects, synonyms) are JSON
-- arrays of stable identifiers in TEXT, filtered with LIKE '%"id"%'.
CREATE TABLE threat_actors (
    id BIGSERIAL PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    synonyms TEXT NOT NULL,
    state_sponsor TEXT,
    country TEXT,
    description TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX threat_actors_name ON threat_actors(name);

CREATE TABLE incidents (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    first_activity TEXT,
    discovery TEXT,
    disclosure TEXT,
    victims TEXT NOT NULL,
    countries TEXT NOT NULL,
    sectors TEXT NOT NULL,
    effects TEXT NOT NULL,
    lead_org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX incidents_status ON incidents(status);
CREATE INDEX incidents_lead ON incidents(lead_org_id);

CREATE TABLE incident_actors (
    incident_id BIGINT NOT NULL REFERENCES incidents(object_id),
    actor_id BIGINT NOT NULL REFERENCES threat_actors(id),
    PRIMARY KEY (incident_id, actor_id)
);
CREATE INDEX incident_actors_actor ON incident_actors(actor_id);

-- The timeline: status changes and manual entries (later: assessments,
-- consultations, decisions add their own events here).
CREATE TABLE incident_events (
    id BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents(object_id),
    at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users(id)
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, at_ms);
