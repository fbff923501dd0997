-- rolo schema version 20: a number that schema 14 made another's is held
-- once.
--
-- Schema 14 rewrote in place the E.164 forms stored with a trunk 0 their
-- country does not dial, and so made some the same as another: a contact
-- given +48 0601 999 888 and +48 601 999 888 by an older rolo held
-- +48601999888 twice (the next unrelated edit dropped one, logging it as
-- removed), and a raw block on +48 0 800 900 100 and one on +48 800 900 100
-- were two blocks in force on one number (blocked listed both). As a write
-- now stores them: a contact holds each number once, with its first label,
-- as add keeps it; of the raw blocks on one number (or email, which
-- schema 8 could make alike), each in force when the next was made is
-- lifted then by its maker, as blocking again replaces the block in force,
-- so that the last one governs and history reads it as replacing the
-- earlier. Neither writes a change-log row: the contact says what it said.
DELETE FROM contact_phones
WHERE EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = contact_phones.contact_id
              AND p.e164 = contact_phones.e164 AND (p.position, p.id) < (contact_phones.position, contact_phones.id));

WITH next (id, at, by) AS (
    SELECT b.id, n.created_at, n.user_id
    FROM blocks b JOIN blocks n ON n.id = (
        SELECT min(x.id) FROM blocks x
        WHERE x.contact_id IS NULL AND x.e164 = b.e164 AND x.email = b.email AND x.id > b.id)
    WHERE b.contact_id IS NULL AND b.lifted_at IS NULL
)
UPDATE blocks SET lifted_at = next.at, lifted_by = next.by
FROM next
WHERE blocks.id = next.id AND (blocks.until IS NULL OR blocks.until > next.at);
