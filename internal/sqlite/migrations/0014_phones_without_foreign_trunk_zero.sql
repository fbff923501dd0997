-- rolo schema version 14: phone numbers stored with a trunk 0 that their
-- country does not dial are stored without it.
--
-- A Polish "0634 272 451" was stored as +480634272451, a number no one has,
-- since libphonenumber keeps a leading 0 where the country has no trunk
-- prefix (as Italy's numbers have one). rolo now reads it as +48634272451
-- (contact.FixE164, parsePhone), and so does every lookup, block and
-- import of the number: the numbers stored before are rewritten, or they
-- would no longer be found as they are written. Their phone digits keep
-- the old form beside the new (a search for 0634272451 still finds it).
-- Only a number with a 0 after a country code of 1 to 3 digits is looked
-- at.
UPDATE contact_phones
SET e164 = rolo_e164(e164), digits = substr(rolo_e164(e164), 2) || ' ' || digits
WHERE (e164 GLOB '+[1-9]0*' OR e164 GLOB '+[1-9][0-9]0*' OR e164 GLOB '+[1-9][0-9][0-9]0*')
  AND rolo_e164(e164) <> e164;
UPDATE blocks SET e164 = rolo_e164(e164)
WHERE (e164 GLOB '+[1-9]0*' OR e164 GLOB '+[1-9][0-9]0*' OR e164 GLOB '+[1-9][0-9][0-9]0*')
  AND rolo_e164(e164) <> e164;
