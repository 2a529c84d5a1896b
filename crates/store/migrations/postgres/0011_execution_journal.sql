-- The journal of execution transitions. A transition writes the command it
-- applied (and the engine time it was applied at) as one small row instead of
-- rewriting the whole engine state; the state is a snapshot in
-- `execution_snapshots`, written every few transitions and when the
-- execution ends. The engine is pure, so the snapshot with the journal rows
-- after it replays to exactly the state at `executions.revision`. Rows are
-- kept: the journal is the execution's complete, replayable history.
--
-- The snapshot has its own table so that a transition's update of the small
-- `executions` row does not rewrite the snapshot with it (SQLite rewrites a
-- whole row, overflow pages included, on any update).
CREATE TABLE execution_snapshots (
    execution_id BIGINT PRIMARY KEY REFERENCES executions(id),
    -- The revision of the execution this state is at.
    revision BIGINT NOT NULL,
    state TEXT NOT NULL
);
INSERT INTO execution_snapshots (execution_id, revision, state) SELECT id, revision, state FROM executions;
ALTER TABLE executions DROP COLUMN state;

CREATE TABLE execution_journal (
    execution_id BIGINT NOT NULL REFERENCES executions(id),
    -- The revision this transition produced (the state before it is revision - 1).
    revision BIGINT NOT NULL,
    -- Engine time the command was applied at (unix seconds).
    at BIGINT NOT NULL,
    -- The engine command as JSON.
    command TEXT NOT NULL,
    PRIMARY KEY (execution_id, revision)
);

CREATE FUNCTION execution_journal_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a journal entry is immutable and never deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER execution_journal_immutable BEFORE UPDATE OR DELETE ON execution_journal
FOR EACH ROW EXECUTE FUNCTION execution_journal_guard();
