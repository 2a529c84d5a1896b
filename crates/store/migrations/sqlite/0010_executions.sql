-- Executions of draaiboeken (P9). The engine's state is one JSON value per
-- execution, written with its audit event in one transaction per transition;
-- `revision` makes a concurrent transition a conflict instead of a lost update.
-- Visibility follows `guard_object_id`: the incident it runs for (so the
-- incident's need-to-know applies, also when it changes later), or the
-- execution's own object when it runs standalone.
CREATE TABLE executions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guard_object_id INTEGER NOT NULL REFERENCES objects(id),
    incident_id INTEGER REFERENCES incidents(object_id),
    playbook_id INTEGER NOT NULL REFERENCES playbooks(object_id),
    playbook_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    state TEXT NOT NULL,
    revision INTEGER NOT NULL,
    -- When the scheduler must next wake this execution (unix seconds).
    next_due INTEGER,
    started_by INTEGER REFERENCES users(id),
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    FOREIGN KEY (playbook_id, playbook_version) REFERENCES playbook_versions(playbook_id, version)
);
CREATE INDEX executions_due ON executions(next_due);
CREATE INDEX executions_incident ON executions(incident_id);

-- The open and closed human tasks, kept in step with the state for inboxes.
CREATE TABLE execution_tasks (
    execution_id INTEGER NOT NULL REFERENCES executions(id),
    task TEXT NOT NULL,
    step TEXT NOT NULL,
    name TEXT NOT NULL,
    agent TEXT,
    -- The directory organisation (and role) the agent stands for, when mapped.
    org_id INTEGER REFERENCES organisations(id),
    role TEXT,
    escalated_org_id INTEGER REFERENCES organisations(id),
    claimed_by INTEGER REFERENCES users(id),
    deadline INTEGER,
    overdue INTEGER NOT NULL DEFAULT 0,
    open INTEGER NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_at INTEGER,
    PRIMARY KEY (execution_id, task)
);
CREATE INDEX execution_tasks_org ON execution_tasks(org_id, open);

-- Delegations and comments on tasks: appended, never changed.
CREATE TABLE execution_task_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    execution_id INTEGER NOT NULL REFERENCES executions(id),
    task TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'delegated', 'claimed')),
    text TEXT NOT NULL,
    to_user_id INTEGER REFERENCES users(id),
    by_user_id INTEGER REFERENCES users(id),
    at_ms INTEGER NOT NULL
);
CREATE INDEX execution_task_notes_task ON execution_task_notes(execution_id, task);
