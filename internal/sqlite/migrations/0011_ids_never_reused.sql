-- rolo schema version 11: IDs a purge frees are never handed out again.
--
-- Merges, notes, interactions, blocks and change-log rows took their IDs as
-- max(id) + 1, so once a purge (or an import undo) erased the rows with
-- the highest IDs, the next ones got the same IDs again: "undo with: rolo
-- unmerge 1", acted on later, undid a different merge, and a note or block
-- ID kept by a script from -o json named another row. The change log's IDs
-- are also kept as marks (an import's last_change_id, a merge's log_to):
-- a reused ID hid changes made after them. These tables are rebuilt with
-- AUTOINCREMENT, as contacts always were, every row kept with its ID; the
-- sequence starts at the highest ID still recorded anywhere. An ID erased
-- before this upgrade with no trace left cannot be known, and may be
-- handed out once more. Import batches and users are never deleted, and
-- saved views are named, not numbered: they stay as they are.
--
-- Each table is copied to a new one that takes its name. The migration
-- runs with foreign keys on, under which dropping a table referenced by
-- another deletes the rows that reference it: merges, which merge_sources
-- references, is renamed out of the way first (the reference follows it),
-- and merge_sources is rebuilt to reference the new merges before the old
-- one is dropped. The search view reads notes, and a table cannot be
-- renamed while a view names one that is missing: the view is made again,
-- as version 10 made it.

DROP VIEW contact_search_doc;
CREATE TABLE notes_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO notes_new (id, contact_id, user_id, body, created_at)
SELECT id, contact_id, user_id, body, created_at FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;
CREATE INDEX notes_contact ON notes (contact_id, created_at);
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

CREATE TABLE interactions_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id       INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    channel          TEXT NOT NULL CHECK (channel IN ('call', 'sms', 'email', 'chat', 'meeting', 'whatsapp', 'other')),
    direction        TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    at               TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    duration_seconds INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL
);
INSERT INTO interactions_new (id, contact_id, user_id, channel, direction, at, summary, duration_seconds, created_at)
SELECT id, contact_id, user_id, channel, direction, at, summary, duration_seconds, created_at FROM interactions;
DROP TABLE interactions;
ALTER TABLE interactions_new RENAME TO interactions;
CREATE INDEX interactions_contact ON interactions (contact_id, at);

CREATE TABLE changes_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    at         TEXT NOT NULL,
    action     TEXT NOT NULL,
    field      TEXT NOT NULL DEFAULT '',
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT ''
);
INSERT INTO changes_new (id, contact_id, user_id, at, action, field, old_value, new_value)
SELECT id, contact_id, user_id, at, action, field, old_value, new_value FROM changes;
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
CREATE INDEX changes_contact ON changes (contact_id, id);

CREATE TABLE blocks_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    e164       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    user_id    INTEGER NOT NULL REFERENCES users (id),
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    until      TEXT,
    lifted_at  TEXT,
    lifted_by  INTEGER REFERENCES users (id),
    CHECK (contact_id IS NOT NULL OR e164 <> '' OR email <> '')
);
INSERT INTO blocks_new (id, contact_id, e164, email, user_id, reason, created_at, until, lifted_at, lifted_by)
SELECT id, contact_id, e164, email, user_id, reason, created_at, until, lifted_at, lifted_by FROM blocks;
DROP TABLE blocks;
ALTER TABLE blocks_new RENAME TO blocks;
CREATE INDEX blocks_contact ON blocks (contact_id);
CREATE INDEX blocks_e164 ON blocks (e164) WHERE e164 <> '';

ALTER TABLE merges RENAME TO merges_old;
CREATE TABLE merges (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    keep_id    INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    undone_at  TEXT,
    undone_by  INTEGER REFERENCES users (id)
);
INSERT INTO merges (id, keep_id, user_id, created_at, snapshot, undone_at, undone_by)
SELECT id, keep_id, user_id, created_at, snapshot, undone_at, undone_by FROM merges_old;

CREATE TABLE merge_sources_new (
    merge_id   INTEGER NOT NULL REFERENCES merges (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL,
    uid        TEXT NOT NULL,
    PRIMARY KEY (merge_id, contact_id)
) WITHOUT ROWID;
INSERT INTO merge_sources_new (merge_id, contact_id, uid)
SELECT merge_id, contact_id, uid FROM merge_sources;
DROP TABLE merge_sources;
ALTER TABLE merge_sources_new RENAME TO merge_sources;
DROP TABLE merges_old;
CREATE INDEX merges_keep ON merges (keep_id);

-- The copies set each sequence to the highest ID copied. Change-log IDs
-- are also recorded as marks, which may name rows erased since.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'changes', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'changes');
UPDATE sqlite_sequence SET seq = max(seq,
    coalesce((SELECT max(last_change_id) FROM import_batches), 0),
    coalesce((SELECT max(json_extract(snapshot, '$.log_to')) FROM merges), 0))
WHERE name = 'changes';
