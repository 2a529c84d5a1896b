-- The time zone a person reads times in (issue 14): an IANA name such as
-- Europe/Amsterdam or Asia/Tokyo (a diplomat at a post abroad). Empty:
-- the ministry's, Europe/Amsterdam.
ALTER TABLE users ADD COLUMN time_zone TEXT;
