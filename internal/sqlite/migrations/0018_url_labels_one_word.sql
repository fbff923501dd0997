-- rolo schema version 18: URL labels and vcard_extra stored before the
-- rules of 2026-12-06 are rewritten as a write now stores them.
--
-- A URL label is now one word that every format reads back ("home page"
-- and "x:y" are stored as home-page and x-y: contact.StoredURLLabel), and a
-- vcard_extra line of no value (X-FOO:) is dropped, as a vCard import drops
-- it (contact.StoredVCardExtra). Those stored before kept their old form
-- until the next write of the contact, which then changed them: an
-- unrelated edit (edit --set first=X) logged the URL as removed and added
-- again. They are rewritten here, in place, with no change-log row: the
-- contact says what it said.
UPDATE contact_urls SET label = rolo_urllabel(label) WHERE label <> rolo_urllabel(label);
UPDATE contacts SET vcard_extra = rolo_vcardextra(vcard_extra)
WHERE vcard_extra <> '' AND vcard_extra <> rolo_vcardextra(vcard_extra);
