-- rolo schema version 19: the UIDs in small letters, indexed.
--
-- A UUID is the same UID in any case (contact.UIDKey): rolo writes its own
-- in small letters, Apple's vCards theirs in capitals, and a REF, add
-- --uid, an import's duplicates, unmerge and uid: compare UUIDs in small
-- letters. The UNIQUE index holds the UIDs as written (and the contacts
-- keep them so, for export); this one answers lower(uid) = ?, so that
-- `rolo show UUID` reads one entry of an index whatever the case.
CREATE INDEX contacts_uid_lower ON contacts (lower(uid));
