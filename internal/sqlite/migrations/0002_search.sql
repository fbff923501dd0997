-- rolo schema version 2: full-text search.
--
-- contact_search_doc is the one definition of what is searchable about a
-- contact; the store (re)indexes from it, so the migration and every write
-- path index the same text.
CREATE VIEW contact_search_doc AS
SELECT
    c.id,
    c.first_name  AS first,
    c.middle_name AS middle,
    c.last_name   AS last,
    c.nickname,
    c.prefix,
    c.suffix,
    c.company,
    c.title,
    c.department,
    (SELECT group_concat(address, ' ') FROM contact_emails WHERE contact_id = c.id) AS email,
    (SELECT group_concat(city, ' ') FROM contact_addresses WHERE contact_id = c.id) AS city,
    (SELECT group_concat(street || ' ' || state || ' ' || zip || ' ' || country, ' ') FROM contact_addresses WHERE contact_id = c.id) AS address,
    (SELECT group_concat(tag, ' ') FROM contact_tags WHERE contact_id = c.id) AS tags,
    (SELECT group_concat(key || ' ' || value, ' ') FROM contact_attributes WHERE contact_id = c.id) AS attrs,
    (SELECT group_concat(body, ' ') FROM notes WHERE contact_id = c.id) AS notes
FROM contacts c;

-- Words: case- and accent-insensitive (remove_diacritics 2: "zoe" finds
-- Zoë), prefix indexes for the short prefixes people type. Contentless: the
-- text lives in the tables above; the index holds only what search needs.
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    first, middle, last, nickname, prefix, suffix, company, title, department,
    email, city, address, tags, attrs, notes,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department,
                          email, city, address, tags, attrs, notes)
SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department,
       email, city, address, tags, attrs, notes
FROM contact_search_doc;

-- A purged contact leaves the index with it.
CREATE TRIGGER contacts_fts_purge AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
END;

-- Phone digits: a trigram index over contact_phones.digits (the digits of
-- the number as entered and of its E.164 form), so that any 3 or more
-- consecutive digits find the phone whatever its formatting.
CREATE VIRTUAL TABLE phone_digits USING fts5(
    digits,
    content = 'contact_phones', content_rowid = 'id',
    tokenize = 'trigram'
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

-- Attribute lookups by key (attr.KEY:VALUE).
CREATE INDEX contact_attributes_key ON contact_attributes (key, value);
