-- rolo schema version 21: the index of the UIDs in small letters holds
-- only the UIDs written with a capital.
--
-- Schema 19 indexed every UID in small letters, so that a UUID written in
-- any case finds its contact (contact.UIDKey). But a UID without a capital
-- (every one rolo makes, and most others) is its own small letters, which
-- the UNIQUE index of the UIDs as written already answers: the index held
-- a second copy of nearly every UID, 49 MiB of a million contacts' 1,001.
-- A UUID is now looked up as written in small letters through the UNIQUE
-- index, or in small letters among the UIDs with a capital A to F (a UUID's
-- only letters) through this one (uidIs).
DROP INDEX IF EXISTS contacts_uid_lower;
CREATE INDEX IF NOT EXISTS contacts_uid_capitals ON contacts (lower(uid)) WHERE uid GLOB '*[A-F]*';
