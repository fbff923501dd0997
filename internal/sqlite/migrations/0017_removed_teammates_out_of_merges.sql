-- rolo schema version 17: teammates removed from the team are taken out of
-- the merges in force.
--
-- A merge's snapshot holds, for unmerge, every user's favorites and shares
-- of the contacts merged away, and the users whose favorite or share of
-- KEEP came from them. team rm now takes the teammate out of them; an older
-- rolo did not, and once team add brought the teammate back, unmerge gave
-- them back their share (and star) of a private contact merged away. Every
-- teammate removed now is taken out of the snapshots of the merges not
-- undone, as team rm does (this statement is the one it runs: dropFromMerges
-- in merge.go). One removed and added back under an older rolo cannot be
-- told apart from one never removed, and stays.
--
-- Each element to remove is found by its path; the elements of one array
-- are removed from the last, so that the index of each one still to
-- remove stays the same, one json_remove after another (removed).
WITH RECURSIVE
gone (id) AS (SELECT id FROM users WHERE removed_at IS NOT NULL),
found (merge, path, n) AS (
    SELECT merge, list || '[' || idx || ']', row_number() OVER (PARTITION BY merge ORDER BY list, idx DESC)
    FROM (
        SELECT m.id AS merge, '$.others[' || o.key || '].' || l.name AS list, e.key AS idx
        FROM merges m, json_each(m.snapshot, '$.others') o,
            (SELECT 'favorites' AS name UNION ALL SELECT 'shares') l, json_each(o.value, '$.' || l.name) e
        WHERE m.undone_at IS NULL AND json_extract(e.value, '$.user_id') IN (SELECT id FROM gone)
        UNION ALL
        SELECT m.id, '$.' || l.name, e.key
        FROM merges m, (SELECT 'added_favorites' AS name UNION ALL SELECT 'added_shares') l,
            json_each(m.snapshot, '$.' || l.name) e
        WHERE m.undone_at IS NULL AND e.value IN (SELECT id FROM gone)
    )
),
removed (merge, n, snapshot) AS (
    SELECT id, 0, snapshot FROM merges WHERE id IN (SELECT merge FROM found)
    UNION ALL
    SELECT r.merge, r.n + 1, json_remove(r.snapshot, f.path)
    FROM removed r JOIN found f ON f.merge = r.merge AND f.n = r.n + 1
)
UPDATE merges SET snapshot = last.snapshot
FROM (SELECT merge, snapshot, max(n) FROM removed GROUP BY merge) last
WHERE merges.id = last.merge;
