-- A signpost re-arms (issue 15): once its indicator's approved value is back
-- on the safe side of the threshold, the scheduler watches it again, and a
-- next crossing raises a new review item. Every crossing keeps its item, so
-- one signpost may now have several: the UNIQUE on review_items.signpost_id
-- goes (SQLite cannot drop a constraint: the table is rebuilt; nothing
-- refers to it).
CREATE TABLE review_items_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    signpost_id INTEGER NOT NULL REFERENCES signposts(id),
    scenario_id INTEGER NOT NULL REFERENCES scenarios(object_id),
    strategy_id INTEGER NOT NULL REFERENCES strategies(object_id),
    value REAL NOT NULL,
    period TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    taken_into_review INTEGER REFERENCES reviews(object_id)
);
INSERT INTO review_items_rebuilt (id, signpost_id, scenario_id, strategy_id, value, period, raised_at, taken_into_review)
SELECT id, signpost_id, scenario_id, strategy_id, value, period, raised_at, taken_into_review FROM review_items;
DROP TABLE review_items;
ALTER TABLE review_items_rebuilt RENAME TO review_items;
CREATE INDEX review_items_strategy ON review_items(strategy_id);
CREATE INDEX review_items_signpost ON review_items(signpost_id);

-- When it last re-armed, and the value that re-armed it.
ALTER TABLE signposts ADD COLUMN rearmed_at INTEGER;
ALTER TABLE signposts ADD COLUMN rearmed_value REAL;
ALTER TABLE signposts ADD COLUMN rearmed_period TEXT;
