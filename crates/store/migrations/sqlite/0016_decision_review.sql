-- Signing safely (issue 14): a signature given while the incident's
-- consultation was open or unanswered records why (sealed with it), and a
-- decision maker may send a proposal back or reject it, with a reason. A
-- proposal sent back or rejected is closed: it cannot be signed or changed.
ALTER TABLE decisions ADD COLUMN sign_override TEXT;
ALTER TABLE decisions ADD COLUMN closed_as TEXT CHECK (closed_as IN ('returned', 'rejected'));
ALTER TABLE decisions ADD COLUMN closed_reason TEXT;
ALTER TABLE decisions ADD COLUMN closed_by INTEGER REFERENCES users(id);
ALTER TABLE decisions ADD COLUMN closed_at INTEGER;
CREATE TRIGGER decisions_closed_immutable BEFORE UPDATE ON decisions WHEN OLD.closed_as IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a proposal sent back or rejected is closed; propose anew'); END;
