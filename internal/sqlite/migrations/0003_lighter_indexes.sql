-- rolo schema version 3: cheaper writes.
--
-- The phone trigram index keeps no positions (detail = none): substring
-- search goes through LIKE, which FTS5 answers from the trigrams and then
-- checks against contact_phones. It is several times smaller and faster to
-- write than with positions.
DROP TRIGGER contact_phones_fts_insert;
DROP TRIGGER contact_phones_fts_delete;
DROP TRIGGER contact_phones_fts_update;
DROP TABLE phone_digits;

CREATE VIRTUAL TABLE phone_digits USING fts5(
    digits,
    content = 'contact_phones', content_rowid = 'id',
    tokenize = 'trigram', detail = 'none'
);
INSERT INTO phone_digits (phone_digits) VALUES ('rebuild');

CREATE TRIGGER contact_phones_fts_insert AFTER INSERT ON contact_phones BEGIN
    INSERT INTO phone_digits (rowid, digits) VALUES (new.id, new.digits);
END;
CREATE TRIGGER contact_phones_fts_delete AFTER DELETE ON contact_phones BEGIN
    INSERT INTO phone_digits (phone_digits, rowid, digits) VALUES ('delete', old.id, old.digits);
END;
CREATE TRIGGER contact_phones_fts_update AFTER UPDATE ON contact_phones BEGIN
    INSERT INTO phone_digits (phone_digits, rowid, digits) VALUES ('delete', old.id, old.digits);
    INSERT INTO phone_digits (rowid, digits) VALUES (new.id, new.digits);
END;

-- Two-valued columns make poor indexes: every query that filters on them
-- also filters on something more selective.
DROP INDEX contacts_visibility;
DROP INDEX contacts_deleted;
