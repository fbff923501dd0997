-- rolo schema version 16: saved views belong to the account, not to a user.
--
-- A view's name was unique per user; it is now unique in the account, and
-- user_id says who saved the view last. Views that teammates had saved
-- under the same name cannot all keep it: the earliest (by created_at,
-- then id) does, and each other one is renamed NAME-LOGIN, cut to the 64
-- bytes a view name may have. Where that is taken too (by a view's name,
-- or by another renamed view), or the login is not one a view name may
-- hold (an old rolo stored any), the view is renamed NAME-LOGIN-ID, or
-- NAME-ID, its own ID at the end; failing that NAME-LOGIN-K-ID for the
-- first K = 2, 3, ... that is free. Every such name ends in its own view's
-- ID, so no two of them are the same, and at most one K per view is
-- taken, so one is always free.
--
-- The views table is copied to one that takes its name. No table
-- references views, and users are never deleted (a removed teammate keeps
-- the row), so the saver is referenced without ON DELETE CASCADE: a view
-- no longer goes with its user.

CREATE TABLE views_new (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL UNIQUE,
    query      TEXT NOT NULL,
    columns    TEXT NOT NULL DEFAULT '',
    sort       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

WITH RECURSIVE
saved AS (
    SELECT v.id, v.name,
        coalesce(u.login <> '' AND u.login NOT GLOB '*[^A-Za-z0-9._-]*', 0) AS usable,
        v.name || coalesce('-' || u.login, '') AS stem,
        row_number() OVER (PARTITION BY v.name ORDER BY v.created_at, v.id) = 1 AS kept
    FROM views v LEFT JOIN users u ON u.id = v.user_id
),
named AS (
    SELECT s.id, s.stem,
        CASE
            WHEN s.kept THEN s.name
            WHEN s.usable
                AND substr(s.stem, 1, 64) NOT IN (SELECT name FROM saved WHERE kept)
                AND (SELECT count(*) FROM saved o WHERE NOT o.kept AND o.usable
                     AND substr(o.stem, 1, 64) = substr(s.stem, 1, 64)) = 1
            THEN substr(s.stem, 1, 64)
        END AS name
    FROM saved s
),
taken AS (
    SELECT name FROM named WHERE name IS NOT NULL
),
tried (id, stem, k, name) AS (
    SELECT n.id, CASE WHEN s.usable THEN n.stem ELSE s.name END, 1, NULL
    FROM named n JOIN saved s ON s.id = n.id
    WHERE n.name IS NULL
    UNION ALL
    SELECT id, stem, k + 1,
        substr(stem, 1, 64 - length(CASE WHEN k = 1 THEN '-' || id ELSE '-' || k || '-' || id END))
        || CASE WHEN k = 1 THEN '-' || id ELSE '-' || k || '-' || id END
    FROM tried
    WHERE name IS NULL OR name IN (SELECT name FROM taken)
)
INSERT INTO views_new (id, user_id, name, query, columns, sort, created_at)
SELECT v.id, v.user_id, coalesce(n.name, t.name), v.query, v.columns, v.sort, v.created_at
FROM views v
JOIN named n ON n.id = v.id
LEFT JOIN tried t ON t.id = v.id AND n.name IS NULL AND t.name IS NOT NULL AND t.name NOT IN (SELECT name FROM taken);

DROP TABLE views;
ALTER TABLE views_new RENAME TO views;
