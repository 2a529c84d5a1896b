-- Foresight (issue 15): future scenarios of a strategy (marked objects,
-- never more open than the strategy), how each part of the chain stands in
-- them, and signposts: an indicator with a threshold. When the scheduler
-- finds a signpost's indicator across its threshold it records the crossing
-- once and raises a review item, which the next review of the strategy
-- takes into what it saw.
CREATE TABLE scenarios (
    object_id INTEGER PRIMARY KEY REFERENCES objects(id),
    strategy_id INTEGER NOT NULL REFERENCES strategies(object_id),
    lead_org_id INTEGER NOT NULL REFERENCES organisations(id),
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    narrative TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id)
);
CREATE INDEX scenarios_strategy ON scenarios(strategy_id);

CREATE TABLE scenario_stances (
    scenario_id INTEGER NOT NULL REFERENCES scenarios(object_id),
    objective_id INTEGER NOT NULL REFERENCES objectives(object_id),
    stance TEXT NOT NULL CHECK (stance IN ('robust', 'hedge', 'contingent')),
    set_by INTEGER NOT NULL REFERENCES users(id),
    set_at INTEGER NOT NULL,
    PRIMARY KEY (scenario_id, objective_id)
);

CREATE TABLE signposts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scenario_id INTEGER NOT NULL REFERENCES scenarios(object_id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    name TEXT NOT NULL,
    threshold REAL NOT NULL,
    crossing TEXT NOT NULL CHECK (crossing IN ('above', 'below')),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    crossed_at INTEGER,
    crossed_value REAL,
    crossed_period TEXT
);
CREATE INDEX signposts_scenario ON signposts(scenario_id);
CREATE INDEX signposts_watching ON signposts(crossed_at);

CREATE TABLE review_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    signpost_id INTEGER NOT NULL UNIQUE REFERENCES signposts(id),
    scenario_id INTEGER NOT NULL REFERENCES scenarios(object_id),
    strategy_id INTEGER NOT NULL REFERENCES strategies(object_id),
    value REAL NOT NULL,
    period TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    taken_into_review INTEGER REFERENCES reviews(object_id)
);
CREATE INDEX review_items_strategy ON review_items(strategy_id);
