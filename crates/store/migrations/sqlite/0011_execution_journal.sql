-- The journal of execution transitions. A transition writes the command it
-- applied (and the engine time it was applied at) as one small row instead of
-- rewriting the whole engine state; the state in `executions.state` is a
-- snapshot at `state_revision`, written every few transitions and when the
-- execution ends. The engine is pure, so the snapshot with the journal rows
-- after it replays to exactly the state at `revision`. Rows are kept: the
-- journal is the execution's complete, replayable history.
ALTER TABLE executions ADD COLUMN state_revision INTEGER NOT NULL DEFAULT 0;
UPDATE executions SET state_revision = revision;

CREATE TABLE execution_journal (
    execution_id INTEGER NOT NULL REFERENCES executions(id),
    -- The revision this transition produced (the state before it is revision - 1).
    revision INTEGER NOT NULL,
    -- Engine time the command was applied at (unix seconds).
    at INTEGER NOT NULL,
    -- The engine command as JSON.
    command TEXT NOT NULL,
    PRIMARY KEY (execution_id, revision)
);

CREATE TRIGGER execution_journal_immutable BEFORE UPDATE ON execution_journal
BEGIN
    SELECT RAISE(ABORT, 'a journal entry is immutable');
END;
CREATE TRIGGER execution_journal_kept BEFORE DELETE ON execution_journal
BEGIN
    SELECT RAISE(ABORT, 'a journal entry is never deleted');
END;
