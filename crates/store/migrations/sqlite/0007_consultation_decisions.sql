-- Consultation rounds and decisions on incidents (the interdepartmental framework).
-- List-valued references (measures, basis assessments) are JSON arrays of ids in TEXT.
CREATE TABLE consultation_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(object_id),
    subject TEXT NOT NULL,
    proposal TEXT NOT NULL,
    decision_rule TEXT NOT NULL,
    deadline_ms INTEGER NOT NULL,
    measures TEXT NOT NULL,
    opened_by INTEGER REFERENCES users(id),
    opened_at INTEGER NOT NULL
);
CREATE INDEX consultation_rounds_incident ON consultation_rounds(incident_id);

CREATE TABLE consultation_invitees (
    round_id INTEGER NOT NULL REFERENCES consultation_rounds(id),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (round_id, org_id)
);

-- Every answer is kept; the last one in time counts.
CREATE TABLE consultation_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id INTEGER NOT NULL REFERENCES consultation_rounds(id),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    answer TEXT NOT NULL,
    note TEXT NOT NULL,
    late INTEGER NOT NULL,
    answered_by INTEGER REFERENCES users(id),
    answered_at INTEGER NOT NULL
);
CREATE INDEX consultation_answers_round ON consultation_answers(round_id);

CREATE TRIGGER consultation_answers_kept BEFORE UPDATE ON consultation_answers
BEGIN SELECT RAISE(ABORT, 'consultation answers are a record and cannot be changed'); END;
CREATE TRIGGER consultation_answers_not_deleted BEFORE DELETE ON consultation_answers
BEGIN SELECT RAISE(ABORT, 'consultation answers are a record and cannot be deleted'); END;

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL REFERENCES incidents(object_id),
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    state_code TEXT,
    actor_id INTEGER REFERENCES threat_actors(id),
    basis TEXT NOT NULL,
    measures TEXT NOT NULL,
    round_id INTEGER REFERENCES consultation_rounds(id),
    rationale TEXT NOT NULL,
    amends INTEGER REFERENCES decisions(id),
    proposed_by INTEGER NOT NULL REFERENCES users(id),
    proposed_at INTEGER NOT NULL,
    signed_by INTEGER REFERENCES users(id),
    signed_at INTEGER,
    seal TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (signed_by IS NULL OR signed_by <> proposed_by)
);
CREATE INDEX decisions_incident ON decisions(incident_id);

-- A signed decision is immutable, even to someone with the database file.
CREATE TRIGGER decisions_signed_immutable BEFORE UPDATE ON decisions WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a signed decision is immutable; amend it with a new decision'); END;
CREATE TRIGGER decisions_not_deleted BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions cannot be deleted'); END;
