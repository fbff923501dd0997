-- rolo schema version 28: a phone's digits are not stored a second time.
--
-- contact_phones.digits, which the trigram index of phone numbers
-- (phone_digits) is built from, is for almost every phone its E.164 form
-- without the +: 11 to 15 bytes a number held twice. It is now stored
-- empty when it is that; it holds the digits only when they say more (a
-- number also entered in a national form, 33674572349 330674572349, or
-- one of schema 14's kept beside their old form). The view
-- contact_phone_digits gives every phone's digits in full, and is the
-- index's content (FTS5 reads it to rebuild the index and to check it,
-- doctor's "phone index" check); the triggers index the same text, and
-- searches by digits read it. A database of 100,000 imported contacts is
-- 1.4 MB smaller (83.1 MB, was 84.6).
--
-- The index is dropped and built again from the view, the same text as
-- before (its content table is named when it is created); the rows
-- already stored are rewritten so before that, as rolo now writes them,
-- with no trigger left to index them twice. Nothing else reads the
-- column. The file keeps its size until it is vacuumed (rolo doctor
-- --vacuum): SQLite reuses the space freed for the rows written next.
-- The upgrade runs as well on a database that has the view already (tests
-- run the upgrades again on a database of the latest schema).
DROP TRIGGER contact_phones_fts_insert;
DROP TRIGGER contact_phones_fts_delete;
DROP TRIGGER contact_phones_fts_update;
DROP TABLE phone_digits;

UPDATE contact_phones SET digits = '' WHERE digits = substr(e164, 2) AND digits <> '';

DROP VIEW IF EXISTS contact_phone_digits;
CREATE VIEW contact_phone_digits AS
SELECT id, contact_id, CASE WHEN digits = '' THEN substr(e164, 2) ELSE digits END AS digits
FROM contact_phones;

CREATE VIRTUAL TABLE phone_digits USING fts5(
    digits,
    content = 'contact_phone_digits', content_rowid = 'id',
    tokenize = 'trigram', detail = 'none', columnsize = 0
);
INSERT INTO phone_digits (phone_digits) VALUES ('rebuild');

CREATE TRIGGER contact_phones_fts_insert AFTER INSERT ON contact_phones BEGIN
    INSERT INTO phone_digits (rowid, digits)
    VALUES (new.id, CASE WHEN new.digits = '' THEN substr(new.e164, 2) ELSE new.digits END);
END;
CREATE TRIGGER contact_phones_fts_delete AFTER DELETE ON contact_phones BEGIN
    INSERT INTO phone_digits (phone_digits, rowid, digits)
    VALUES ('delete', old.id, CASE WHEN old.digits = '' THEN substr(old.e164, 2) ELSE old.digits END);
END;
CREATE TRIGGER contact_phones_fts_update AFTER UPDATE ON contact_phones BEGIN
    INSERT INTO phone_digits (phone_digits, rowid, digits)
    VALUES ('delete', old.id, CASE WHEN old.digits = '' THEN substr(old.e164, 2) ELSE old.digits END);
    INSERT INTO phone_digits (rowid, digits)
    VALUES (new.id, CASE WHEN new.digits = '' THEN substr(new.e164, 2) ELSE new.digits END);
END;
