-- rolo schema version 9: accents folded in every script.
--
-- The tokenizer (unicode61 remove_diacritics 2) removes the accents of
-- Latin letters only: σοφια did not find Σοφία, королев not Королёв, and
-- Arabic harakat and Hebrew niqqud cut words in pieces. The text the index
-- is given now has every mark on a letter removed first, by rolo_fold
-- (contact.FoldAccents, textfunc.go), and so has every query (exactPhrase
-- in query.go). contact_search_doc stays the one definition of what is
-- indexed; the index rows of the contacts whose text folds differently,
-- those with a mark on a letter, are rebuilt. ASCII text never leaves C.
DROP VIEW contact_search_doc;
CREATE VIEW contact_search_doc AS
SELECT
    c.id,
    rolo_fold(c.first_name)  AS first,
    rolo_fold(c.middle_name) AS middle,
    rolo_fold(c.last_name)   AS last,
    rolo_fold(c.nickname)    AS nickname,
    rolo_fold(c.prefix)      AS prefix,
    rolo_fold(c.suffix)      AS suffix,
    rolo_fold(c.company)     AS company,
    rolo_fold(c.title)       AS title,
    rolo_fold(c.department)  AS department,
    rolo_fold((SELECT group_concat(address, ' ') FROM contact_emails WHERE contact_id = c.id)) AS email,
    rolo_fold((SELECT group_concat(city, ' ') FROM contact_addresses WHERE contact_id = c.id)) AS city,
    rolo_fold((SELECT group_concat(street || ' ' || state || ' ' || zip || ' ' || country, ' ') FROM contact_addresses WHERE contact_id = c.id)) AS address,
    rolo_fold((SELECT group_concat(tag, ' ') FROM contact_tags WHERE contact_id = c.id)) AS tags,
    rolo_fold((SELECT group_concat(key || ' ' || value, ' ') FROM contact_attributes WHERE contact_id = c.id)) AS attrs,
    rolo_fold((SELECT group_concat(body, ' ') FROM notes WHERE contact_id = c.id)) AS notes
FROM contacts c;

CREATE TEMP TABLE rolo_fold_changed (id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO temp.rolo_fold_changed
SELECT id FROM contacts
WHERE first_name <> rolo_fold(first_name) OR middle_name <> rolo_fold(middle_name)
   OR last_name <> rolo_fold(last_name) OR nickname <> rolo_fold(nickname)
   OR prefix <> rolo_fold(prefix) OR suffix <> rolo_fold(suffix) OR company <> rolo_fold(company)
   OR title <> rolo_fold(title) OR department <> rolo_fold(department);
INSERT OR IGNORE INTO temp.rolo_fold_changed
SELECT contact_id FROM contact_emails WHERE address <> rolo_fold(address);
INSERT OR IGNORE INTO temp.rolo_fold_changed
SELECT contact_id FROM contact_addresses
WHERE street <> rolo_fold(street) OR city <> rolo_fold(city) OR state <> rolo_fold(state) OR zip <> rolo_fold(zip);
INSERT OR IGNORE INTO temp.rolo_fold_changed
SELECT contact_id FROM contact_tags WHERE tag <> rolo_fold(tag);
INSERT OR IGNORE INTO temp.rolo_fold_changed
SELECT contact_id FROM contact_attributes WHERE value <> rolo_fold(value);
INSERT OR IGNORE INTO temp.rolo_fold_changed
SELECT contact_id FROM notes WHERE body <> rolo_fold(body);

DELETE FROM contacts_fts WHERE rowid IN (SELECT id FROM temp.rolo_fold_changed);
INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department,
                          email, city, address, tags, attrs, notes)
SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department,
       email, city, address, tags, attrs, notes
FROM contact_search_doc WHERE id IN (SELECT id FROM temp.rolo_fold_changed);

DROP TABLE temp.rolo_fold_changed;
