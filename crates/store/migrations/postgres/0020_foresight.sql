-- Foresight (issue 15): future scenarios of a strategy (marked objects,
-- never more open than the strategy), how each part of the chain stands in
-- them, and signposts: an indicator with a threshold. When the scheduler
-- finds a signpost's indicator across its threshold it records the crossing
-- once and raises a review item, which the next review of the strategy
-- takes into what it saw.
CREATE TABLE scenarios (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    strategy_id BIGINT NOT NULL REFERENCES strategies(object_id),
    lead_org_id BIGINT NOT NULL REFERENCES organisations(id),
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    narrative TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX scenarios_strategy ON scenarios(strategy_id);

CREATE TABLE scenario_stances (
    scenario_id BIGINT NOT NULL REFERENCES scenarios(object_id),
    objective_id BIGINT NOT NULL REFERENCES objectives(object_id),
    stance TEXT NOT NULL CHECK (stance IN ('robust', 'hedge', 'contingent')),
    set_by BIGINT NOT NULL REFERENCES users(id),
    set_at BIGINT NOT NULL,
    PRIMARY KEY (scenario_id, objective_id)
);

CREATE TABLE signposts (
    id BIGSERIAL PRIMARY KEY,
    scenario_id BIGINT NOT NULL REFERENCES scenarios(object_id),
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    name TEXT NOT NULL,
    threshold DOUBLE PRECISION NOT NULL,
    crossing TEXT NOT NULL CHECK (crossing IN ('above', 'below')),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    crossed_at BIGINT,
    crossed_value DOUBLE PRECISION,
    crossed_period TEXT
);
CREATE INDEX signposts_scenario ON signposts(scenario_id);
CREATE INDEX signposts_watching ON signposts(crossed_at);

CREATE TABLE review_items (
    id BIGSERIAL PRIMARY KEY,
    signpost_id BIGINT NOT NULL UNIQUE REFERENCES signposts(id),
    scenario_id BIGINT NOT NULL REFERENCES scenarios(object_id),
    strategy_id BIGINT NOT NULL REFERENCES strategies(object_id),
    value DOUBLE PRECISION NOT NULL,
    period TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    taken_into_review BIGINT REFERENCES reviews(object_id)
);
CREATE INDEX review_items_strategy ON review_items(strategy_id);
