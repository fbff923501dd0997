-- rolo schema version 12: the trash and the archive have their own indexes.
--
-- Version 3 dropped the index on deleted_at: it held every contact, and
-- the queries that skip the trash also filter on something more selective.
-- Those that ask for the trash or the archive (rolo trash, list is:deleted,
-- list is:archived) were left with nothing to start from but the name
-- index, and read every contact to find the few in there: on a million
-- contacts, list is:deleted --limit 50 took 3.7 s with an empty trash.
-- These partial indexes hold only the contacts in the trash or the
-- archive, in name order (the order of a list; the trash's own order sorts
-- them), and cost a write nothing for the others.
CREATE INDEX contacts_deleted ON contacts (display_name COLLATE NOCASE) WHERE deleted_at IS NOT NULL;
CREATE INDEX contacts_archived ON contacts (display_name COLLATE NOCASE) WHERE archived_at IS NOT NULL;
