-- rolo schema version 22: full-width Latin letters, digits and signs are
-- searched as the ASCII ones, and half-width kana as the full-width.
--
-- A Japanese or Chinese input method types ＡＣＭＥ for ACME: acme did not
-- find a company stored so, nor ｚｏｅ typed so find Zoë. rolo_fold
-- (contact.FoldAccents) now folds width as well (width.Fold), for the
-- indexed text and for every query alike. The index rows of the contacts
-- whose text holds a character it folds (contact.FoldsWidth: U+3000 and
-- U+FF01-U+FFEE) are rebuilt from contact_search_doc, which already calls
-- the new rolo_fold.
CREATE TEMP TABLE rolo_width (id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO temp.rolo_width
SELECT id FROM contacts
WHERE first_name || ' ' || middle_name || ' ' || last_name || ' ' || nickname || ' ' || prefix || ' ' || suffix
      || ' ' || company || ' ' || title || ' ' || department GLOB '*[　！-￮]*';
INSERT OR IGNORE INTO temp.rolo_width
SELECT contact_id FROM contact_emails WHERE address GLOB '*[　！-￮]*';
INSERT OR IGNORE INTO temp.rolo_width
SELECT contact_id FROM contact_addresses WHERE street || ' ' || city || ' ' || state || ' ' || zip || ' ' || country GLOB '*[　！-￮]*';
INSERT OR IGNORE INTO temp.rolo_width
SELECT contact_id FROM contact_tags WHERE tag GLOB '*[　！-￮]*';
INSERT OR IGNORE INTO temp.rolo_width
SELECT contact_id FROM contact_attributes WHERE key || ' ' || value GLOB '*[　！-￮]*';
INSERT OR IGNORE INTO temp.rolo_width
SELECT contact_id FROM notes WHERE body GLOB '*[　！-￮]*';

DELETE FROM contacts_fts WHERE rowid IN (SELECT id FROM temp.rolo_width);
INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department,
                          email, city, address, tags, attrs, notes)
SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department,
       email, city, address, tags, attrs, notes
FROM contact_search_doc WHERE id IN (SELECT id FROM temp.rolo_width);

DROP TABLE temp.rolo_width;
