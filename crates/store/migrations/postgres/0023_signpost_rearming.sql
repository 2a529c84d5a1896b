-- A signpost re-arms (issue 15): once its indicator's approved value is back
-- on the safe side of the threshold, the scheduler watches it again, and a
-- next crossing raises a new review item. Every crossing keeps its item, so
-- one signpost may now have several.
ALTER TABLE review_items DROP CONSTRAINT review_items_signpost_id_key;
CREATE INDEX review_items_signpost ON review_items(signpost_id);

-- When it last re-armed, and the value that re-armed it.
ALTER TABLE signposts ADD COLUMN rearmed_at BIGINT;
ALTER TABLE signposts ADD COLUMN rearmed_value DOUBLE PRECISION;
ALTER TABLE signposts ADD COLUMN rearmed_period TEXT;
