-- rolo schema version 23: a contact's last channel is one of the channels
-- (contact.Channels), in small letters, and only beside a last activity.
--
-- An import before schema 23 stored a record's last_channel as the file
-- gave it: "SMS", " call ", "fax", or a channel with no last activity.
-- channel:sms did not find the first, no query could name "fax", and an
-- import now rejects such a record, so that rolo's own export of those
-- contacts no longer imported back. As an import reads it now: a known
-- channel in any case is that channel, another one beside a last
-- activity is "other" (the interaction was by some channel rolo does not
-- name), and one with no last activity names no interaction and is
-- dropped. No change-log row: the channel is what the contact's
-- interactions say, not a field anyone set.
UPDATE contacts SET last_channel = lower(trim(last_channel))
WHERE last_channel <> lower(trim(last_channel))
  AND lower(trim(last_channel)) IN ('call', 'sms', 'email', 'chat', 'meeting', 'whatsapp', 'other');
UPDATE contacts SET last_channel = 'other'
WHERE last_activity_at IS NOT NULL AND last_channel <> ''
  AND last_channel NOT IN ('call', 'sms', 'email', 'chat', 'meeting', 'whatsapp', 'other');
UPDATE contacts SET last_channel = ''
WHERE last_activity_at IS NULL AND last_channel <> '';
