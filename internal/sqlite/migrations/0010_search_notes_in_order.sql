-- rolo schema version 10: notes are indexed in a stated order.
--
-- contact_search_doc joined a contact's notes in whatever order SQLite
-- read them (in practice the index on (contact_id, created_at), then ID),
-- while an import indexed them in the order of the contact in hand,
-- newest first. Word positions differed, so phrase searches over notes
-- answered differently for the same contact and doctor found the index
-- out of step after every import of a contact with two or more notes. The
-- view now states the order, by time and then ID, which the import's
-- searchDoc (inserter.go) follows too, and the contacts with two or more
-- notes are indexed again.
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
    rolo_fold((SELECT group_concat(body, ' ' ORDER BY created_at, id) FROM notes WHERE contact_id = c.id)) AS notes
FROM contacts c;

CREATE TEMP TABLE rolo_notes_reindex (id INTEGER PRIMARY KEY);
INSERT INTO temp.rolo_notes_reindex
SELECT contact_id FROM notes GROUP BY contact_id HAVING count(*) > 1;

DELETE FROM contacts_fts WHERE rowid IN (SELECT id FROM temp.rolo_notes_reindex);
INSERT INTO contacts_fts (rowid, first, middle, last, nickname, prefix, suffix, company, title, department,
                          email, city, address, tags, attrs, notes)
SELECT id, first, middle, last, nickname, prefix, suffix, company, title, department,
       email, city, address, tags, attrs, notes
FROM contact_search_doc WHERE id IN (SELECT id FROM temp.rolo_notes_reindex);

DROP TABLE temp.rolo_notes_reindex;
