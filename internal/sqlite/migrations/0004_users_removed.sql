-- rolo schema version 4: a removed teammate keeps its row (notes,
-- interactions, blocks and the change log name who did what) with the time
-- it left; it can no longer act, and team add brings the same user back.
ALTER TABLE users ADD COLUMN removed_at TEXT;
