-- An agency that answers consultation rounds addressed to its parent
-- ministry (issue 14): the ministry delegates that (NCSC for JenV, AIVD for
-- BZK). 1: its liaisons may answer for the parent; 0: they may not.
ALTER TABLE organisations ADD COLUMN answers_for_parent INTEGER NOT NULL DEFAULT 0;
