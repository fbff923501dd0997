-- rolo schema version 26: a UID rolo makes is derived, not stored.
--
-- A contact given no UID used to get a version 7 UUID, stored as text in
-- contacts.uid and again in its UNIQUE index: 8 MiB of a 100,000-contact
-- database of 81 (36 characters and an index entry of some 50 bytes
-- each). Its row now holds six random bytes (a BLOB) in their place, and
-- its UID is derived from them and its ID (a version 8 UUID: the bytes,
-- then the ID), which finds the row again by its ID (internal/sqlite/uid.go).
-- UIDs stored as text (given by add --uid or an import, or made by an
-- older rolo) stay as they are and as they were found. An older rolo must
-- not read a database holding such bytes as a UID: this version keeps it
-- out.
--
-- The index of the UIDs with a capital holds text only: the bytes of a
-- seed may happen to include those of A to F.
DROP INDEX IF EXISTS contacts_uid_capitals;
CREATE INDEX contacts_uid_capitals ON contacts (lower(uid)) WHERE typeof(uid) = 'text' AND uid GLOB '*[A-F]*';
