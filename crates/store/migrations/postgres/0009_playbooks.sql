-- Draaiboeken (P9): CACAO 2.0 playbooks. A playbook is an object (kind
-- 'playbook') with its marking, identified across versions by its CACAO id;
-- every import that changes it adds a version. Versions are never changed
-- or deleted (triggers), except that a version is approved once.
CREATE TABLE playbooks (
    object_id BIGINT PRIMARY KEY REFERENCES objects(id),
    cacao_id TEXT NOT NULL UNIQUE,
    -- The slug of a built-in draaiboek shipped as data, NULL for imports.
    builtin TEXT UNIQUE,
    current_version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE playbook_versions (
    playbook_id BIGINT NOT NULL REFERENCES playbooks(object_id),
    version BIGINT NOT NULL,
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
    approved_by BIGINT REFERENCES users(id),
    approved_at BIGINT,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (playbook_id, version),
    UNIQUE (playbook_id, modified)
);

-- JSS signatures added here (a signature inside an imported document stays in the document).
CREATE TABLE playbook_signatures (
    id BIGSERIAL PRIMARY KEY,
    playbook_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    signature TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    FOREIGN KEY (playbook_id, version) REFERENCES playbook_versions(playbook_id, version)
);

CREATE FUNCTION playbook_versions_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'a playbook version is never deleted';
    END IF;
    IF NEW.document IS DISTINCT FROM OLD.document OR NEW.sha256 IS DISTINCT FROM OLD.sha256
       OR NEW.modified IS DISTINCT FROM OLD.modified OR NEW.version IS DISTINCT FROM OLD.version
       OR NEW.playbook_id IS DISTINCT FROM OLD.playbook_id
       OR (OLD.approved_at IS NOT NULL AND (NEW.approved_at IS DISTINCT FROM OLD.approved_at
                                            OR NEW.approved_by IS DISTINCT FROM OLD.approved_by)) THEN
        RAISE EXCEPTION 'a playbook version is immutable';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER playbook_versions_immutable BEFORE UPDATE OR DELETE ON playbook_versions
FOR EACH ROW EXECUTE FUNCTION playbook_versions_guard();

CREATE FUNCTION playbook_signatures_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a signature is immutable and never deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER playbook_signatures_immutable BEFORE UPDATE OR DELETE ON playbook_signatures
FOR EACH ROW EXECUTE FUNCTION playbook_signatures_guard();
