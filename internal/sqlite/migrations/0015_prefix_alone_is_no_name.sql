-- rolo schema version 15: a prefix or suffix alone is no display name.
--
-- A contact with a prefix or suffix but no first, middle or last name was
-- shown by that word ("Dr" for Dr ... of Acme Inc). Its display name is
-- now what contact.DisplayName gives it: the nickname, else the company,
-- the first phone, the first email. Only such contacts are looked at (the
-- display name is not in the search index); one without any of those,
-- which rolo never stored, keeps its name.
UPDATE contacts
SET display_name = coalesce(
    nullif(nickname, ''),
    nullif(company, ''),
    (SELECT p.number FROM contact_phones p WHERE p.contact_id = contacts.id ORDER BY p.position LIMIT 1),
    (SELECT e.address FROM contact_emails e WHERE e.contact_id = contacts.id ORDER BY e.position LIMIT 1),
    display_name)
WHERE first_name = '' AND middle_name = '' AND last_name = ''
  AND (prefix <> '' OR suffix <> '');
