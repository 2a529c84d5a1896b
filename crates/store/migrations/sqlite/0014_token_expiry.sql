-- Personal API tokens end: at an expiry chosen when issued (NULL for tokens
-- issued before this version, which end only by revocation), and by
-- revocation when the password changes or the user logs out everywhere.
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
