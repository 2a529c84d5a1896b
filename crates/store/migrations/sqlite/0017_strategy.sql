-- Strategy with measurable effects (issue 15). A strategy and each node of
-- its result chain are marked objects; a node's indicators, targets, series
-- breaks and measurements belong to the node and are seen with it. Targets
-- and measurements are history: a decided one never changes, none is deleted.
CREATE TABLE strategies (
    object_id INTEGER PRIMARY KEY REFERENCES objects(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    start_year INTEGER NOT NULL,
    end_year INTEGER NOT NULL,
    lead_org_id INTEGER NOT NULL REFERENCES organisations(id),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id)
);

CREATE TABLE objectives (
    object_id INTEGER PRIMARY KEY REFERENCES objects(id),
    strategy_id INTEGER NOT NULL REFERENCES strategies(object_id),
    parent_id INTEGER REFERENCES objectives(object_id),
    level TEXT NOT NULL CHECK (level IN ('impact', 'outcome', 'output', 'activity')),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    horizon TEXT NOT NULL,
    lead_org_id INTEGER NOT NULL REFERENCES organisations(id),
    -- The link to the parent: why this serves it, and what could break that.
    assumption TEXT NOT NULL,
    risk TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id)
);
CREATE INDEX objectives_strategy ON objectives(strategy_id);
CREATE INDEX objectives_parent ON objectives(parent_id);

CREATE TABLE objective_contributors (
    objective_id INTEGER NOT NULL REFERENCES objectives(object_id),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (objective_id, org_id)
);

CREATE TABLE assumption_judgements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    objective_id INTEGER NOT NULL REFERENCES objectives(object_id),
    status TEXT NOT NULL CHECK (status IN ('holds', 'under-pressure', 'broken')),
    note TEXT NOT NULL,
    judged_by INTEGER NOT NULL REFERENCES users(id),
    judged_at INTEGER NOT NULL
);
CREATE INDEX assumption_judgements_objective ON assumption_judgements(objective_id);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    objective_id INTEGER NOT NULL REFERENCES objectives(object_id),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    unit TEXT NOT NULL,
    verification TEXT NOT NULL,
    data_source TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('quarterly', 'annual')),
    responsible_org_id INTEGER NOT NULL REFERENCES organisations(id),
    direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    measure_type TEXT NOT NULL CHECK (measure_type IN ('numeric', 'percentage', 'ordinal', 'qualitative')),
    -- The names of an ordinal or qualitative scale, lowest first (JSON array).
    scale TEXT NOT NULL,
    baseline_period TEXT NOT NULL,
    baseline_value REAL NOT NULL,
    baseline_evidence TEXT NOT NULL,
    example INTEGER NOT NULL DEFAULT 0,
    -- The latest approved measurement, kept with each approval so the
    -- progress of a whole strategy reads one row per indicator.
    latest_period TEXT,
    latest_period_key INTEGER,
    latest_value REAL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id)
);
CREATE INDEX indicators_objective ON indicators(objective_id);

CREATE TABLE indicator_targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    -- Sorts periods in time order (a year before its last quarter).
    period_key INTEGER NOT NULL,
    value REAL NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    proposed_by INTEGER NOT NULL REFERENCES users(id),
    proposed_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_at INTEGER,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicator_targets_indicator ON indicator_targets(indicator_id);
CREATE TRIGGER indicator_targets_decided BEFORE UPDATE ON indicator_targets WHEN OLD.status <> 'proposed'
BEGIN SELECT RAISE(ABORT, 'a decided target is history; propose a revision'); END;
CREATE TRIGGER indicator_targets_kept BEFORE DELETE ON indicator_targets
BEGIN SELECT RAISE(ABORT, 'targets are never deleted'); END;

CREATE TABLE series_breaks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at INTEGER NOT NULL
);
CREATE INDEX series_breaks_indicator ON series_breaks(indicator_id);

CREATE TABLE measurements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    -- Sorts periods in time order (a year before its last quarter).
    period_key INTEGER NOT NULL,
    value REAL NOT NULL,
    narrative TEXT NOT NULL,
    evidence TEXT NOT NULL,
    -- A value taken from an external index: its edition, when it was
    -- retrieved (year-month), the citation and whether it may be passed on.
    external_edition TEXT,
    external_retrieved TEXT,
    external_citation TEXT,
    no_redistribution INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
    submitted_by INTEGER NOT NULL REFERENCES users(id),
    submitted_at INTEGER NOT NULL,
    reviewed_by INTEGER REFERENCES users(id),
    reviewed_at INTEGER,
    review_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX measurements_indicator ON measurements(indicator_id, period);
-- One measurement per period waits for review at a time.
CREATE UNIQUE INDEX measurements_one_waiting ON measurements(indicator_id, period) WHERE status = 'submitted';
CREATE TRIGGER measurements_reviewed BEFORE UPDATE ON measurements WHEN OLD.status <> 'submitted'
BEGIN SELECT RAISE(ABORT, 'a reviewed measurement is history; submit a new one'); END;
CREATE TRIGGER measurements_kept BEFORE DELETE ON measurements
BEGIN SELECT RAISE(ABORT, 'measurements are never deleted'); END;
