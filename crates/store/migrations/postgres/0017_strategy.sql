-- Strategy with measurable effects (issue 15). A strategy and each node of
-- its result chain are marked objects; a node's indicators, targets, series
-- breaks and measurements belong to the node and are seen with it. Targets
-- and measurements are history: a decided one never changes, none is deleted.
CREATE TABLE strategies (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    start_year BIGINT NOT NULL,
    end_year BIGINT NOT NULL,
    lead_org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

CREATE TABLE objectives (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    strategy_id BIGINT NOT NULL REFERENCES strategies(object_id),
    parent_id BIGINT REFERENCES objectives(object_id),
    level TEXT NOT NULL CHECK (level IN ('impact', 'outcome', 'output', 'activity')),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    horizon TEXT NOT NULL,
    lead_org_id BIGINT NOT NULL REFERENCES organisations(id),
    -- The link to the parent: why this serves it, and what could break that.
    assumption TEXT NOT NULL,
    risk TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX objectives_strategy ON objectives(strategy_id);
CREATE INDEX objectives_parent ON objectives(parent_id);

CREATE TABLE objective_contributors (
    objective_id BIGINT NOT NULL REFERENCES objectives(object_id),
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (objective_id, org_id)
);

CREATE TABLE assumption_judgements (
    id BIGSERIAL PRIMARY KEY,
    objective_id BIGINT NOT NULL REFERENCES objectives(object_id),
    status TEXT NOT NULL CHECK (status IN ('holds', 'under-pressure', 'broken')),
    note TEXT NOT NULL,
    judged_by BIGINT NOT NULL REFERENCES users(id),
    judged_at BIGINT NOT NULL
);
CREATE INDEX assumption_judgements_objective ON assumption_judgements(objective_id);

CREATE TABLE indicators (
    id BIGSERIAL PRIMARY KEY,
    objective_id BIGINT NOT NULL REFERENCES objectives(object_id),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    unit TEXT NOT NULL,
    verification TEXT NOT NULL,
    data_source TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('quarterly', 'annual')),
    responsible_org_id BIGINT NOT NULL REFERENCES organisations(id),
    direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    measure_type TEXT NOT NULL CHECK (measure_type IN ('numeric', 'percentage', 'ordinal', 'qualitative')),
    -- The names of an ordinal or qualitative scale, lowest first (JSON array).
    scale TEXT NOT NULL,
    baseline_period TEXT NOT NULL,
    baseline_value DOUBLE PRECISION NOT NULL,
    baseline_evidence TEXT NOT NULL,
    example BIGINT NOT NULL DEFAULT 0,
    -- The latest approved measurement, kept with each approval so the
    -- progress of a whole strategy reads one row per indicator.
    latest_period TEXT,
    latest_period_key BIGINT,
    latest_value DOUBLE PRECISION,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX indicators_objective ON indicators(objective_id);

CREATE TABLE indicator_targets (
    id BIGSERIAL PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    -- Sorts periods in time order (a year before its last quarter).
    period_key BIGINT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    proposed_by BIGINT NOT NULL REFERENCES users(id),
    proposed_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicator_targets_indicator ON indicator_targets(indicator_id);
CREATE TRIGGER indicator_targets_decided BEFORE UPDATE ON indicator_targets
FOR EACH ROW WHEN (OLD.status <> 'proposed')
EXECUTE FUNCTION verbinding_refuse_change('a decided target is history; propose a revision');
CREATE TRIGGER indicator_targets_kept BEFORE DELETE ON indicator_targets
FOR EACH ROW
EXECUTE FUNCTION verbinding_refuse_change('targets are never deleted');

CREATE TABLE series_breaks (
    id BIGSERIAL PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX series_breaks_indicator ON series_breaks(indicator_id);

CREATE TABLE measurements (
    id BIGSERIAL PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    -- Sorts periods in time order (a year before its last quarter).
    period_key BIGINT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    narrative TEXT NOT NULL,
    evidence TEXT NOT NULL,
    -- A value taken from an external index: its edition, when it was
    -- retrieved (year-month), the citation and whether it may be passed on.
    external_edition TEXT,
    external_retrieved TEXT,
    external_citation TEXT,
    no_redistribution BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
    submitted_by BIGINT NOT NULL REFERENCES users(id),
    submitted_at BIGINT NOT NULL,
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at BIGINT,
    review_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measurements_indicator ON measurements(indicator_id, period);
-- One measurement per period waits for review at a time.
CREATE UNIQUE INDEX measurements_one_waiting ON measurements(indicator_id, period) WHERE status = 'submitted';
CREATE TRIGGER measurements_reviewed BEFORE UPDATE ON measurements
FOR EACH ROW WHEN (OLD.status <> 'submitted')
EXECUTE FUNCTION verbinding_refuse_change('a reviewed measurement is history; submit a new one');
CREATE TRIGGER measurements_kept BEFORE DELETE ON measurements
FOR EACH ROW
EXECUTE FUNCTION verbinding_refuse_change('measurements are never deleted');
