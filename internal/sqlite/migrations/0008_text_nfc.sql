-- rolo schema version 8: stored text in Unicode normal form C.
--
-- rolo stored text as it came, and macOS and iOS write it decomposed
-- (NFD: u and a combining diaeresis, not ü), so an imported ünal@… was not
-- the ünal@… typed on the command line: not a duplicate, not found by
-- lookup, not caught by a block; Café and Café were two tags. Every write
-- now stores NFC (contact.Normalize) and queries are read in NFC; this puts
-- the text already stored in the same form. rolo_nfc (textfunc.go) returns
-- ASCII text, nearly all of it, without leaving C, so the scans are cheap;
-- only contacts whose text changes are rewritten and reindexed.
CREATE TEMP TABLE rolo_nfc_changed (id INTEGER PRIMARY KEY);

INSERT OR IGNORE INTO temp.rolo_nfc_changed
SELECT id FROM contacts
WHERE display_name <> rolo_nfc(display_name) OR prefix <> rolo_nfc(prefix)
   OR first_name <> rolo_nfc(first_name) OR middle_name <> rolo_nfc(middle_name)
   OR last_name <> rolo_nfc(last_name) OR suffix <> rolo_nfc(suffix)
   OR nickname <> rolo_nfc(nickname) OR company <> rolo_nfc(company)
   OR title <> rolo_nfc(title) OR department <> rolo_nfc(department) OR uid <> rolo_nfc(uid);
INSERT OR IGNORE INTO temp.rolo_nfc_changed
SELECT contact_id FROM contact_emails WHERE address <> rolo_nfc(address);
INSERT OR IGNORE INTO temp.rolo_nfc_changed
SELECT contact_id FROM contact_addresses
WHERE street <> rolo_nfc(street) OR city <> rolo_nfc(city) OR state <> rolo_nfc(state) OR zip <> rolo_nfc(zip);
INSERT OR IGNORE INTO temp.rolo_nfc_changed
SELECT contact_id FROM contact_tags WHERE tag <> rolo_nfc(tag);
INSERT OR IGNORE INTO temp.rolo_nfc_changed
SELECT contact_id FROM contact_attributes WHERE value <> rolo_nfc(value);
INSERT OR IGNORE INTO temp.rolo_nfc_changed
SELECT contact_id FROM notes WHERE body <> rolo_nfc(body);

UPDATE contacts SET
    display_name = rolo_nfc(display_name), prefix = rolo_nfc(prefix), first_name = rolo_nfc(first_name),
    middle_name = rolo_nfc(middle_name), last_name = rolo_nfc(last_name), suffix = rolo_nfc(suffix),
    nickname = rolo_nfc(nickname), company = rolo_nfc(company), title = rolo_nfc(title),
    department = rolo_nfc(department)
WHERE id IN (SELECT id FROM temp.rolo_nfc_changed);
-- UIDs are unique: two contacts whose UIDs differ only in form (one
-- imported from a card in NFD, one in NFC) keep theirs as they are, rather
-- than stop the upgrade; any other UID is put in NFC.
UPDATE OR IGNORE contacts SET uid = rolo_nfc(uid)
WHERE id IN (SELECT id FROM temp.rolo_nfc_changed) AND uid <> rolo_nfc(uid);

-- An address given twice, once in each form, is kept once (the first), as
-- Normalize keeps it.
UPDATE contact_emails SET address = rolo_nfc(address) WHERE address <> rolo_nfc(address);
DELETE FROM contact_emails
WHERE contact_id IN (SELECT id FROM temp.rolo_nfc_changed)
  AND EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = contact_emails.contact_id
              AND e.address = contact_emails.address AND (e.position, e.id) < (contact_emails.position, contact_emails.id));

UPDATE contact_addresses SET street = rolo_nfc(street), city = rolo_nfc(city), state = rolo_nfc(state), zip = rolo_nfc(zip)
WHERE contact_id IN (SELECT id FROM temp.rolo_nfc_changed);

-- A tag held in both forms is one tag.
UPDATE OR IGNORE contact_tags SET tag = rolo_nfc(tag) WHERE tag <> rolo_nfc(tag);
DELETE FROM contact_tags WHERE tag <> rolo_nfc(tag);

UPDATE contact_attributes SET value = rolo_nfc(value) WHERE value <> rolo_nfc(value);
UPDATE notes SET body = rolo_nfc(body) WHERE body <> rolo_nfc(body);
UPDATE contact_socials SET handle = rolo_nfc(handle) WHERE handle <> rolo_nfc(handle);
UPDATE contact_urls SET url = rolo_nfc(url), label = rolo_nfc(label) WHERE url <> rolo_nfc(url) OR label <> rolo_nfc(label);
UPDATE interactions SET summary = rolo_nfc(summary) WHERE summary <> rolo_nfc(summary);
UPDATE blocks SET email = rolo_nfc(email), reason = rolo_nfc(reason) WHERE email <> rolo_nfc(email) OR reason <> rolo_nfc(reason);
UPDATE users SET name = rolo_nfc(name), email = rolo_nfc(email) WHERE name <> rolo_nfc(name) OR email <> rolo_nfc(email);

DELETE FROM contacts_fts WHERE rowid IN (SELECT id FROM temp.rolo_nfc_changed);
INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department,
                          email, city, address, tags, attrs, notes)
SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department,
       email, city, address, tags, attrs, notes
FROM contact_search_doc WHERE id IN (SELECT id FROM temp.rolo_nfc_changed);

DROP TABLE temp.rolo_nfc_changed;
