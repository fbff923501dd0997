-- rolo schema version 31: a contact's row holds its type, level and
-- visibility as small numbers, its creation time as seconds, and its
-- display name only where it is not its first and last names; a note's
-- row, its time as seconds.
--
-- Each was written out in full in every row: "customer", "secondary",
-- "private", "2026-12-07T17:49:03Z" and "Evelyn Tanaka" beside "Evelyn"
-- and "Tanaka", some 45 bytes a contact (4.1 MiB of a 100,000-contact
-- database of 64). The columns by those names are now generated from
-- the stored ones, computed as they are read (VIRTUAL), so every read
-- reads what it did; writes name the stored ones (internal/sqlite/
-- coded.go):
--
--   type_code         0 lead, 1 prospect, 2 customer, 3 other
--   level_code        0 primary, 1 secondary, 2 tertiary
--   public            0 private, 1 public
--   created           seconds since 1970 for a time written as rolo
--                     writes times (2026-12-07T17:49:03Z); any other
--                     text (an older rolo's import may have kept one) as
--                     written
--   display_name_set  NULL where the display name is the first name, a
--                     space and the last name
--
-- A column the index of display names (and those of the trash and the
-- archive) or the search view names cannot be dropped while they stand:
-- they are made again, as they were, at the end. Every row is rewritten
-- once per column dropped; the file keeps its size until it is vacuumed
-- (rolo doctor --vacuum).
--
-- A column is dropped as SQLite 3.26 and earlier did (legacy_alter_table,
-- for this migration only), and its generated one added at once: a view
-- or trigger of the user's own (a report made with a sqlite3 shell) that
-- reads one is not checked in the moment it is missing, which would fail
-- the upgrade and so every command, and reads the generated column after. Unlike the other migrations,
-- this one cannot be run a second time (a column cannot be added twice):
-- the line below tells rolo how to see that it has run (applyMigrations).
--
-- rolo: done if SELECT count(*) FROM pragma_table_xinfo('contacts') WHERE name = 'type_code'
--
-- An index of the user's own that names a column dropped here is set
-- aside before it runs and made again after, on the generated column
-- (applyMigrations; SQLite refuses to drop a column an index names):
--
-- rolo: drops columns contacts.type contacts.level contacts.visibility contacts.created_at contacts.display_name notes.created_at

PRAGMA legacy_alter_table = ON;

DROP VIEW IF EXISTS contact_search_doc;
DROP INDEX IF EXISTS contacts_display_name;
DROP INDEX IF EXISTS contacts_deleted;
DROP INDEX IF EXISTS contacts_archived;

ALTER TABLE contacts ADD COLUMN type_code INTEGER NOT NULL DEFAULT 0 CHECK (type_code IN (0, 1, 2, 3));
ALTER TABLE contacts ADD COLUMN level_code INTEGER NOT NULL DEFAULT 0 CHECK (level_code IN (0, 1, 2));
ALTER TABLE contacts ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));
ALTER TABLE contacts ADD COLUMN created NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN display_name_set TEXT;
UPDATE contacts SET
    type_code = CASE type WHEN 'lead' THEN 0 WHEN 'prospect' THEN 1 WHEN 'customer' THEN 2 ELSE 3 END,
    level_code = CASE level WHEN 'primary' THEN 0 WHEN 'secondary' THEN 1 ELSE 2 END,
    public = visibility = 'public',
    created = CASE WHEN strftime('%Y-%m-%dT%H:%M:%SZ', created_at) IS created_at
        THEN CAST(strftime('%s', created_at) AS INTEGER) ELSE created_at END,
    display_name_set = nullif(display_name, first_name || ' ' || last_name);
ALTER TABLE contacts DROP COLUMN type;
ALTER TABLE contacts ADD COLUMN type TEXT GENERATED ALWAYS AS
    (CASE type_code WHEN 0 THEN 'lead' WHEN 1 THEN 'prospect' WHEN 2 THEN 'customer' ELSE 'other' END) VIRTUAL;
ALTER TABLE contacts DROP COLUMN level;
ALTER TABLE contacts ADD COLUMN level TEXT GENERATED ALWAYS AS
    (CASE level_code WHEN 0 THEN 'primary' WHEN 1 THEN 'secondary' ELSE 'tertiary' END) VIRTUAL;
ALTER TABLE contacts DROP COLUMN visibility;
ALTER TABLE contacts ADD COLUMN visibility TEXT GENERATED ALWAYS AS
    (CASE public WHEN 1 THEN 'public' ELSE 'private' END) VIRTUAL;
ALTER TABLE contacts DROP COLUMN created_at;
ALTER TABLE contacts ADD COLUMN created_at TEXT GENERATED ALWAYS AS
    (CASE typeof(created) WHEN 'integer' THEN strftime('%Y-%m-%dT%H:%M:%SZ', created, 'unixepoch') ELSE created END) VIRTUAL;
ALTER TABLE contacts DROP COLUMN display_name;
ALTER TABLE contacts ADD COLUMN display_name TEXT GENERATED ALWAYS AS
    (coalesce(display_name_set, first_name || ' ' || last_name)) VIRTUAL;

ALTER TABLE notes ADD COLUMN created NOT NULL DEFAULT '';
UPDATE notes SET created = CASE WHEN strftime('%Y-%m-%dT%H:%M:%SZ', created_at) IS created_at
    THEN CAST(strftime('%s', created_at) AS INTEGER) ELSE created_at END;
ALTER TABLE notes DROP COLUMN created_at;
ALTER TABLE notes ADD COLUMN created_at TEXT GENERATED ALWAYS AS
    (CASE typeof(created) WHEN 'integer' THEN strftime('%Y-%m-%dT%H:%M:%SZ', created, 'unixepoch') ELSE created END) VIRTUAL;

PRAGMA legacy_alter_table = OFF;

CREATE INDEX contacts_display_name ON contacts (display_name COLLATE NOCASE);
CREATE INDEX contacts_deleted ON contacts (display_name COLLATE NOCASE) WHERE deleted_at IS NOT NULL;
CREATE INDEX contacts_archived ON contacts (display_name COLLATE NOCASE) WHERE archived_at IS NOT NULL;
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
