-- rolo schema version 25: a contact's emails, postal addresses, social
-- profiles and web addresses are stored under the contact and their
-- position, with no row ID of their own.
--
-- Each of these tables had an ID column (the row's) and an index on
-- contact_id, through which every read of a contact's values went; nothing
-- ever named a row by its ID. Rebuilt WITHOUT ROWID with the primary key
-- (contact_id, position), the table is that index: a database of 100,000
-- contacts is 1.5 MB smaller as an import writes it (84.6 MB, was 86.0),
-- 2.2 MB once vacuumed, and a read of a contact's values walks them in
-- order. The index of the emails by
-- address stays, its entries naming (contact_id, position) instead of the
-- row ID. The phones keep theirs: the digits' full-text index refers to
-- their row IDs.
--
-- Every write of rolo gives a contact's values the positions 0, 1, 2...
-- in their order, and writes them in that order. The rows are copied in
-- the order of their positions and numbered again so, so that no two rows
-- of a contact, however another program wrote them, can claim one
-- position. Two that did go in the order an older rolo read them, the
-- order in which they were written (its reads sorted the rows of a
-- contact, in that order, by position, and SQLite's sort keeps the order
-- of rows that tie, as this numbering's does): not in the order of their
-- text, which would change such a contact's first email, the one it is
-- listed with, and leave its search index out of step with the view. The
-- row IDs are not read: the upgrade runs as well on tables already
-- rebuilt, as tests run it again. A row whose contact is gone (another
-- program deleted it with foreign keys off; doctor calls it a row that
-- refers to a row that does not exist), which no command reads, is left
-- out, as deleting the contact would have: copied, it failed the upgrade,
-- and so every command, on the new table's foreign key. Each old table is
-- renamed out of the way first, so that the new one is created under its
-- own name; the search view, which reads the emails and addresses, is
-- dropped before and made again after, as version 11 made it (a table
-- cannot be renamed while a view names one that is missing); a view
-- dropped by hand or by another program (an older sqlite3 cannot read
-- the file while it is there) is so made again. The renames are made as
-- SQLite made them before 3.26 (legacy_alter_table, for this migration
-- only): a view or trigger of the user's own (a report made with a
-- sqlite3 shell) that reads one of these tables is not rewritten to read
-- the old one, dropped a moment later, which left it naming a table that
-- is missing and failed the next rename, the upgrade and so every
-- command; it reads the new table under the same name. The tables
-- reference contacts, and nothing references them: dropping the old ones
-- with foreign keys on deletes nothing else. The file keeps its size
-- until it is vacuumed (rolo doctor --vacuum).

PRAGMA legacy_alter_table = ON;

DROP VIEW IF EXISTS contact_search_doc;

ALTER TABLE contact_emails RENAME TO contact_emails_old;
CREATE TABLE contact_emails (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    address    TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
INSERT INTO contact_emails (contact_id, position, label, address)
SELECT contact_id, row_number() OVER (PARTITION BY contact_id ORDER BY position) - 1, label, address
FROM contact_emails_old WHERE contact_id IN (SELECT id FROM contacts) ORDER BY contact_id, position;
DROP TABLE contact_emails_old;
CREATE INDEX contact_emails_address ON contact_emails (address);

ALTER TABLE contact_addresses RENAME TO contact_addresses_old;
CREATE TABLE contact_addresses (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    street     TEXT NOT NULL DEFAULT '',
    city       TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL DEFAULT '',
    zip        TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
INSERT INTO contact_addresses (contact_id, position, label, street, city, state, zip, country)
SELECT contact_id, row_number() OVER (PARTITION BY contact_id ORDER BY position) - 1, label, street, city, state, zip, country
FROM contact_addresses_old WHERE contact_id IN (SELECT id FROM contacts) ORDER BY contact_id, position;
DROP TABLE contact_addresses_old;

ALTER TABLE contact_socials RENAME TO contact_socials_old;
CREATE TABLE contact_socials (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    network    TEXT NOT NULL,
    handle     TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
INSERT INTO contact_socials (contact_id, position, network, handle)
SELECT contact_id, row_number() OVER (PARTITION BY contact_id ORDER BY position) - 1, network, handle
FROM contact_socials_old WHERE contact_id IN (SELECT id FROM contacts) ORDER BY contact_id, position;
DROP TABLE contact_socials_old;

ALTER TABLE contact_urls RENAME TO contact_urls_old;
CREATE TABLE contact_urls (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    url        TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
INSERT INTO contact_urls (contact_id, position, label, url)
SELECT contact_id, row_number() OVER (PARTITION BY contact_id ORDER BY position) - 1, label, url
FROM contact_urls_old WHERE contact_id IN (SELECT id FROM contacts) ORDER BY contact_id, position;
DROP TABLE contact_urls_old;

CREATE VIEW contact_search_doc AS
SELECT
    c.id,
    rolo_fold(c.first_name)  AS first,
    rolo_fold(c.middle_name) AS middle,
    rolo_fold(c.last_name)   AS last,
    rolo_fold(c.nickname)    AS nickname,
    rolo_fold(c.prefix)      AS prefix,
    rolo_fold(c.suffix)      AS suffix,
    rolo_fold(c.company)     AS company,
    rolo_fold(c.title)       AS title,
    rolo_fold(c.department)  AS department,
    rolo_fold((SELECT group_concat(address, ' ') FROM contact_emails WHERE contact_id = c.id)) AS email,
    rolo_fold((SELECT group_concat(city, ' ') FROM contact_addresses WHERE contact_id = c.id)) AS city,
    rolo_fold((SELECT group_concat(street || ' ' || state || ' ' || zip || ' ' || country, ' ') FROM contact_addresses WHERE contact_id = c.id)) AS address,
    rolo_fold((SELECT group_concat(tag, ' ') FROM contact_tags WHERE contact_id = c.id)) AS tags,
    rolo_fold((SELECT group_concat(key || ' ' || value, ' ') FROM contact_attributes WHERE contact_id = c.id)) AS attrs,
    rolo_fold((SELECT group_concat(body, ' ' ORDER BY created_at, id) FROM notes WHERE contact_id = c.id)) AS notes
FROM contacts c;

PRAGMA legacy_alter_table = OFF;
