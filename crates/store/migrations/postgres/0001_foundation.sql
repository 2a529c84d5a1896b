-- Foundation: directory, sessions, API tokens, marked objects, dossiers, audit chain.
-- Times are milliseconds since the Unix epoch (UTC); flags are 0/1 integers.
CREATE TABLE organisations (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES organisations(id),
    city TEXT
);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    clearance TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    posting_end TEXT,
    password_hash TEXT NOT NULL,
    language TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE objects (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    classification TEXT NOT NULL,
    tlp TEXT NOT NULL,
    open_to_all BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE object_access (
    object_id BIGINT NOT NULL REFERENCES objects(id),
    org_id BIGINT REFERENCES organisations(id),
    user_id BIGINT REFERENCES users(id),
    CHECK ((org_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX object_access_object ON object_access(object_id);

CREATE TABLE dossiers (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    lead_org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    actor_user_id BIGINT,
    actor_label TEXT NOT NULL,
    actor_org_id BIGINT,
    action TEXT NOT NULL,
    object_id BIGINT,
    subject_user_id BIGINT,
    request_id TEXT NOT NULL,
    source TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_id);

-- The chain head: one row, updated in the same transaction as every append,
-- so appends are serialised and a truncated tail is detectable.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
