-- Reviews of a strategy (issue 15, P10). A review is a marked object, never
-- more open than its strategy. Its inputs are frozen when it is recorded
-- (`snapshot`, JSON): what the review saw never changes afterwards. Its
-- decisions and actions are kept; an action is marked done, never removed.
CREATE TABLE reviews (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    strategy_id BIGINT NOT NULL REFERENCES strategies(object_id),
    lead_org_id BIGINT NOT NULL REFERENCES organisations(id),
    cadence TEXT NOT NULL CHECK (cadence IN ('quarterly', 'annual')),
    period TEXT NOT NULL,
    period_key BIGINT NOT NULL,
    held_on TEXT NOT NULL,
    participants TEXT NOT NULL,
    lessons TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);
CREATE INDEX reviews_strategy ON reviews(strategy_id, period_key);
CREATE TRIGGER reviews_snapshot_frozen BEFORE UPDATE OF snapshot, cadence, period, strategy_id ON reviews
FOR EACH ROW
EXECUTE FUNCTION verbinding_refuse_change('what a review saw is frozen');

CREATE TABLE review_decisions (
    id BIGSERIAL PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES reviews(object_id),
    text TEXT NOT NULL,
    changed_kind TEXT CHECK (changed_kind IN ('target', 'objective', 'project')),
    changed_id BIGINT,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX review_decisions_review ON review_decisions(review_id);
CREATE TRIGGER review_decisions_kept BEFORE DELETE ON review_decisions
FOR EACH ROW
EXECUTE FUNCTION verbinding_refuse_change('decisions of a review are never deleted');

CREATE TABLE review_actions (
    id BIGSERIAL PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES reviews(object_id),
    text TEXT NOT NULL,
    owner_org_id BIGINT NOT NULL REFERENCES organisations(id),
    due TEXT NOT NULL,
    done_at BIGINT,
    done_by BIGINT REFERENCES users(id),
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX review_actions_review ON review_actions(review_id);
CREATE TRIGGER review_actions_kept BEFORE DELETE ON review_actions
FOR EACH ROW
EXECUTE FUNCTION verbinding_refuse_change('actions of a review are never deleted');
