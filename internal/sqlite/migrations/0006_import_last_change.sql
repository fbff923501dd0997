-- rolo schema version 6: an import remembers the last change-log row it
-- wrote, so that import undo can tell the contacts someone changed since
-- (an edit, a note, a call logged...) and keep them. Imports made before
-- have none, and undo erases their contacts as it did.
ALTER TABLE import_batches ADD COLUMN last_change_id INTEGER;
