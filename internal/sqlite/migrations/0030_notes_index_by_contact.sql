-- rolo schema version 30: the index of the notes by contact holds the
-- contact alone, not the note's time too.
--
-- Every read of notes names their contact and sorts that contact's notes
-- itself: a contact's (show, history) or a chunk of contacts' (list -o
-- json, exports), ordered by contact and then newest first, which the
-- index by (contact_id, created_at) never gave in that order (SQLite
-- sorted the rest of the ORDER BY either way). Its 20-character times
-- were 0.8 MB of a 100,000-contact database. Deleting a contact (its
-- notes go with it) reads this index as before. The file keeps its size
-- until it is vacuumed (rolo doctor --vacuum).
DROP INDEX IF EXISTS notes_contact;
CREATE INDEX notes_contact ON notes (contact_id);
