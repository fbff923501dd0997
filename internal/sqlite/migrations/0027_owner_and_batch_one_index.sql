-- rolo schema version 27: one index of the contacts by owner and import,
-- where there were two, by owner (contacts_owner) and by import
-- (contacts_import_batch).
--
-- Each held an entry for every contact, 0.91 MiB at 100,000 contacts.
-- The one that replaces them, by owner and then import, is 1.0 MiB: it
-- finds an owner's contacts as the first did (owner:bob, team rm), and an
-- import's (import list's count of the contacts remaining, import undo)
-- once per teammate, every contact's owner being one (a removed
-- teammate's row stays): the queries say c.owner_id IN (SELECT id FROM
-- users) AND c.import_batch_id = ? (inBatchSQL), a seek per teammate
-- rather than a read of every contact. No other query reads the
-- contacts by import: import batches are never deleted, so their ON
-- DELETE SET NULL never looks for them. The file keeps its size until it
-- is vacuumed (rolo doctor --vacuum).
CREATE INDEX IF NOT EXISTS contacts_owner_batch ON contacts (owner_id, import_batch_id);
DROP INDEX IF EXISTS contacts_owner;
DROP INDEX IF EXISTS contacts_import_batch;
