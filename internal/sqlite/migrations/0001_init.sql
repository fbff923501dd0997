-- rolo schema version 1: the whole data model of SPEC sections 1-2.
-- Times are TEXT in RFC 3339 UTC ("2006-01-02T15:04:05Z"), which sorts as time.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    login      TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'member')),
    created_at TEXT NOT NULL
);

CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    source      TEXT NOT NULL DEFAULT '',
    format      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    total       INTEGER NOT NULL DEFAULT 0,
    imported    INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    undone_at   TEXT
);

-- AUTOINCREMENT: an ID that was purged is never handed out again, so a
-- script holding an old ID can never reach a different contact.
CREATE TABLE contacts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    uid              TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    prefix           TEXT NOT NULL DEFAULT '',
    first_name       TEXT NOT NULL DEFAULT '',
    middle_name      TEXT NOT NULL DEFAULT '',
    last_name        TEXT NOT NULL DEFAULT '',
    suffix           TEXT NOT NULL DEFAULT '',
    nickname         TEXT NOT NULL DEFAULT '',
    company          TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL DEFAULT '',
    department       TEXT NOT NULL DEFAULT '',
    type             TEXT NOT NULL DEFAULT 'lead' CHECK (type IN ('lead', 'prospect', 'customer', 'other')),
    level            TEXT NOT NULL DEFAULT 'primary' CHECK (level IN ('primary', 'secondary', 'tertiary')),
    birthday         TEXT NOT NULL DEFAULT '',
    anniversary      TEXT NOT NULL DEFAULT '',
    language         TEXT NOT NULL DEFAULT '',
    timezone         TEXT NOT NULL DEFAULT '',
    visibility       TEXT NOT NULL CHECK (visibility IN ('private', 'public')),
    owner_id         INTEGER NOT NULL REFERENCES users (id),
    created_by       INTEGER NOT NULL REFERENCES users (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    last_activity_at TEXT,
    last_channel     TEXT NOT NULL DEFAULT '',
    archived_at      TEXT,
    deleted_at       TEXT,
    import_batch_id  INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    -- vCard properties rolo does not model (X-*, grouped labels, PHOTO),
    -- kept verbatim and written back on vCard export.
    vcard_extra      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_display_name ON contacts (display_name COLLATE NOCASE);
CREATE INDEX contacts_owner ON contacts (owner_id);
CREATE INDEX contacts_visibility ON contacts (visibility);
CREATE INDEX contacts_deleted ON contacts (deleted_at);
CREATE INDEX contacts_import_batch ON contacts (import_batch_id);

CREATE TABLE contact_phones (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    number     TEXT NOT NULL,
    e164       TEXT NOT NULL,
    digits     TEXT NOT NULL
);
CREATE INDEX contact_phones_contact ON contact_phones (contact_id);
CREATE INDEX contact_phones_e164 ON contact_phones (e164);

CREATE TABLE contact_emails (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    address    TEXT NOT NULL
);
CREATE INDEX contact_emails_contact ON contact_emails (contact_id);
CREATE INDEX contact_emails_address ON contact_emails (address);

CREATE TABLE contact_addresses (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    street     TEXT NOT NULL DEFAULT '',
    city       TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL DEFAULT '',
    zip        TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_addresses_contact ON contact_addresses (contact_id);

CREATE TABLE contact_socials (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    network    TEXT NOT NULL,
    handle     TEXT NOT NULL
);
CREATE INDEX contact_socials_contact ON contact_socials (contact_id);

CREATE TABLE contact_urls (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    url        TEXT NOT NULL
);
CREATE INDEX contact_urls_contact ON contact_urls (contact_id);

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag ON contact_tags (tag COLLATE NOCASE);

CREATE TABLE contact_attributes (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, key)
) WITHOUT ROWID;

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notes_contact ON notes (contact_id, created_at);

CREATE TABLE interactions (
    id               INTEGER PRIMARY KEY,
    contact_id       INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    channel          TEXT NOT NULL CHECK (channel IN ('call', 'sms', 'email', 'chat', 'meeting', 'whatsapp', 'other')),
    direction        TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    at               TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    duration_seconds INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL
);
CREATE INDEX interactions_contact ON interactions (contact_id, at);

CREATE TABLE changes (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    at         TEXT NOT NULL,
    action     TEXT NOT NULL,
    field      TEXT NOT NULL DEFAULT '',
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX changes_contact ON changes (contact_id, id);

-- A block is on a contact (all its numbers and emails) or on a raw number or
-- email with no contact. until NULL means forever; lifted_at ends it early.
CREATE TABLE blocks (
    id         INTEGER PRIMARY KEY,
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
CREATE INDEX blocks_contact ON blocks (contact_id);
CREATE INDEX blocks_e164 ON blocks (e164) WHERE e164 <> '';

CREATE TABLE favorites (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX favorites_contact ON favorites (contact_id);

CREATE TABLE shares (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (contact_id, user_id)
) WITHOUT ROWID;
CREATE INDEX shares_user ON shares (user_id);

-- A merge keeps a snapshot (JSON) of every contact before the merge and of
-- what moved, so that unmerge can restore the originals exactly.
CREATE TABLE merges (
    id         INTEGER PRIMARY KEY,
    keep_id    INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    undone_at  TEXT,
    undone_by  INTEGER REFERENCES users (id)
);
CREATE INDEX merges_keep ON merges (keep_id);

CREATE TABLE merge_sources (
    merge_id   INTEGER NOT NULL REFERENCES merges (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL,
    uid        TEXT NOT NULL,
    PRIMARY KEY (merge_id, contact_id)
) WITHOUT ROWID;

CREATE TABLE views (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    columns    TEXT NOT NULL DEFAULT '',
    sort       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (user_id, name)
);
