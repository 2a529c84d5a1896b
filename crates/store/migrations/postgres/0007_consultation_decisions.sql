-- Consultation rounds and decisions on incidents (the interdepartmental framework).
-- List-valued references (measures, basis assessments) are JSON arrays of ids in TEXT.
CREATE TABLE consultation_rounds (
    id BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents(object_id),
    subject TEXT NOT NULL,
    proposal TEXT NOT NULL,
    decision_rule TEXT NOT NULL,
    deadline_ms BIGINT NOT NULL,
    measures TEXT NOT NULL,
    opened_by BIGINT REFERENCES users(id),
    opened_at BIGINT NOT NULL
);
CREATE INDEX consultation_rounds_incident ON consultation_rounds(incident_id);

CREATE TABLE consultation_invitees (
    round_id BIGINT NOT NULL REFERENCES consultation_rounds(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (round_id, org_id)
);

-- Every answer is kept; the last one in time counts.
CREATE TABLE consultation_answers (
    id BIGSERIAL PRIMARY KEY,
    round_id BIGINT NOT NULL REFERENCES consultation_rounds(id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    answer TEXT NOT NULL,
    note TEXT NOT NULL,
    late BIGINT NOT NULL,
    answered_by BIGINT REFERENCES users(id),
    answered_at BIGINT NOT NULL
);
CREATE INDEX consultation_answers_round ON consultation_answers(round_id);

CREATE FUNCTION verbinding_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END;
$$;

CREATE TRIGGER consultation_answers_kept BEFORE UPDATE OR DELETE ON consultation_answers
FOR EACH ROW EXECUTE FUNCTION verbinding_refuse_change('consultation answers are a record and cannot be changed');

CREATE TABLE decisions (
    id BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents(object_id),
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    state_code TEXT,
    actor_id BIGINT REFERENCES threat_actors(id),
    basis TEXT NOT NULL,
    measures TEXT NOT NULL,
    round_id BIGINT REFERENCES consultation_rounds(id),
    rationale TEXT NOT NULL,
    amends BIGINT REFERENCES decisions(id),
    proposed_by BIGINT NOT NULL REFERENCES users(id),
    proposed_at BIGINT NOT NULL,
    signed_by BIGINT REFERENCES users(id),
    signed_at BIGINT,
    seal TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK (signed_by IS NULL OR signed_by <> proposed_by)
);
CREATE INDEX decisions_incident ON decisions(incident_id);

-- A signed decision is immutable, even to someone with database access.
CREATE TRIGGER decisions_signed_immutable BEFORE UPDATE ON decisions
FOR EACH ROW WHEN (OLD.signed_at IS NOT NULL)
EXECUTE FUNCTION verbinding_refuse_change('a signed decision is immutable; amend it with a new decision');
CREATE TRIGGER decisions_not_deleted BEFORE DELETE ON decisions
FOR EACH ROW EXECUTE FUNCTION verbinding_refuse_change('decisions cannot be deleted');
