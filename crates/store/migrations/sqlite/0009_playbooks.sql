-- Draaiboeken (P9): CACAO 2.0 playbooks. A playbook is an object (kind
-- 'playbook') with its marking, identified across versions by its CACAO id;
-- every import that changes it adds a version. Versions are never changed
-- or deleted (triggers), except that a version is approved once.
CREATE TABLE playbooks (
    object_id INTEGER PRIMARY KEY REFERENCES objects(id),
    cacao_id TEXT NOT NULL UNIQUE,
    -- The slug of a built-in draaiboek shipped as data, NULL for imports.
    builtin TEXT UNIQUE,
    current_version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE playbook_versions (
    playbook_id INTEGER NOT NULL REFERENCES playbooks(object_id),
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    -- The CACAO `modified` timestamp: a changed playbook must carry a new one.
    modified TEXT NOT NULL,
    -- The document exactly as imported; export gives it back.
    document TEXT NOT NULL,
    -- SHA-256 (hex) of its RFC 8785 canonical form: the same content is the same version.
    sha256 TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('strict', 'lenient')),
    -- JSON list of what lenient mode let through.
    tolerated TEXT NOT NULL,
    approved_by INTEGER REFERENCES users(id),
    approved_at INTEGER,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (playbook_id, version),
    UNIQUE (playbook_id, modified)
);

-- JSS signatures added here (a signature inside an imported document stays in the document).
CREATE TABLE playbook_signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    playbook_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    signature TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    FOREIGN KEY (playbook_id, version) REFERENCES playbook_versions(playbook_id, version)
);

CREATE TRIGGER playbook_versions_immutable BEFORE UPDATE ON playbook_versions
WHEN NEW.document IS NOT OLD.document OR NEW.sha256 IS NOT OLD.sha256 OR NEW.modified IS NOT OLD.modified
  OR NEW.version IS NOT OLD.version OR NEW.playbook_id IS NOT OLD.playbook_id
  OR (OLD.approved_at IS NOT NULL AND (NEW.approved_at IS NOT OLD.approved_at OR NEW.approved_by IS NOT OLD.approved_by))
BEGIN
    SELECT RAISE(ABORT, 'a playbook version is immutable');
END;
CREATE TRIGGER playbook_versions_kept BEFORE DELETE ON playbook_versions
BEGIN
    SELECT RAISE(ABORT, 'a playbook version is never deleted');
END;
CREATE TRIGGER playbook_signatures_kept BEFORE UPDATE ON playbook_signatures
BEGIN
    SELECT RAISE(ABORT, 'a signature is immutable');
END;
CREATE TRIGGER playbook_signatures_not_deleted BEFORE DELETE ON playbook_signatures
BEGIN
    SELECT RAISE(ABORT, 'a signature is never deleted');
END;
