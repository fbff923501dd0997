-- rolo schema version 13: ø, ł, ß and the other Latin letters that are
-- not a base letter plus an accent are searched as they are spelled
-- without it.
--
-- Version 9 folded every accent, but left these letters whole, so that
-- soren did not find Søren, walesa Wałęsa, strasse Straße or yilmaz Yılmaz.
-- rolo_fold (contact.FoldAccents) now spells them as people type them
-- (ø o, ł l, ß ss, ı i, æ ae, þ th: contact.SpellLetter), for the indexed
-- text and for every query alike. The index rows of the contacts whose text
-- holds one of them (or a letter made of one, such as Ǿ) are rebuilt from
-- contact_search_doc, which already calls the new rolo_fold.
CREATE TEMP TABLE rolo_spelled (id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO temp.rolo_spelled
SELECT id FROM contacts
WHERE first_name || ' ' || middle_name || ' ' || last_name || ' ' || nickname || ' ' || prefix || ' ' || suffix
      || ' ' || company || ' ' || title || ' ' || department GLOB '*[ßẞæÆǣǢǽǼœŒøØǿǾłŁđĐðÐþÞħĦıŧŦĳĲŀĿ]*';
INSERT OR IGNORE INTO temp.rolo_spelled
SELECT contact_id FROM contact_emails WHERE address GLOB '*[ßẞæÆǣǢǽǼœŒøØǿǾłŁđĐðÐþÞħĦıŧŦĳĲŀĿ]*';
INSERT OR IGNORE INTO temp.rolo_spelled
SELECT contact_id FROM contact_addresses WHERE street || ' ' || city || ' ' || state || ' ' || zip || ' ' || country GLOB '*[ßẞæÆǣǢǽǼœŒøØǿǾłŁđĐðÐþÞħĦıŧŦĳĲŀĿ]*';
INSERT OR IGNORE INTO temp.rolo_spelled
SELECT contact_id FROM contact_tags WHERE tag GLOB '*[ßẞæÆǣǢǽǼœŒøØǿǾłŁđĐðÐþÞħĦıŧŦĳĲŀĿ]*';
INSERT OR IGNORE INTO temp.rolo_spelled
SELECT contact_id FROM contact_attributes WHERE key || ' ' || value GLOB '*[ßẞæÆǣǢǽǼœŒøØǿǾłŁđĐðÐþÞħĦıŧŦĳĲŀĿ]*';
INSERT OR IGNORE INTO temp.rolo_spelled
SELECT contact_id FROM notes WHERE body GLOB '*[ßẞæÆǣǢǽǼœŒøØǿǾłŁđĐðÐþÞħĦıŧŦĳĲŀĿ]*';

DELETE FROM contacts_fts WHERE rowid IN (SELECT id FROM temp.rolo_spelled);
INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department,
                          email, city, address, tags, attrs, notes)
SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department,
       email, city, address, tags, attrs, notes
FROM contact_search_doc WHERE id IN (SELECT id FROM temp.rolo_spelled);

DROP TABLE temp.rolo_spelled;
