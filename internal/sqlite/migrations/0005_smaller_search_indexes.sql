-- rolo schema version 5: smaller full-text indexes.
--
-- FTS5's prefix indexes (prefix = '2 3') stored every word's first two and
-- first three letters again: 60% of the word index, a sixth of the
-- database, and a fifth of an import's time. A 2- or 3-letter prefix is
-- found as well without them, from the words that start with it (as 4 and
-- more letters always were); only counting the matches of a 2-letter
-- prefix takes longer, which ranking them costs many times over anyway.
DROP TRIGGER contacts_fts_purge;
DROP TABLE contacts_fts;

CREATE VIRTUAL TABLE contacts_fts USING fts5(
    first, middle, last, nickname, prefix, suffix, company, title, department,
    email, city, address, tags, attrs, notes,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department,
                          email, city, address, tags, attrs, notes)
SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department,
       email, city, address, tags, attrs, notes
FROM contact_search_doc;

CREATE TRIGGER contacts_fts_purge AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
END;

-- The phone trigram index keeps no column sizes (columnsize = 0): nothing
-- ranks phone matches, and the sizes took as much room as the index.
DROP TRIGGER contact_phones_fts_insert;
DROP TRIGGER contact_phones_fts_delete;
DROP TRIGGER contact_phones_fts_update;
DROP TABLE phone_digits;

CREATE VIRTUAL TABLE phone_digits USING fts5(
    digits,
    content = 'contact_phones', content_rowid = 'id',
    tokenize = 'trigram', detail = 'none', columnsize = 0
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
