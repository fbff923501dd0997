-- rolo schema version 24: a public contact is shared with nobody.
--
-- publish, edit --set visibility=public and an import that makes a
-- contact public drop its shares: every teammate sees it. A merge whose
-- result was public did not, before schema 24: it kept KEEP's shares and
-- added the OTHERs', so the public contact read "shared with carol" in
-- show and every export, is:shared listed it, and unshare, which leaves a
-- public contact alone, could never take the share away. The merge's
-- snapshot keeps the shares it found, so unmerge still gives the private
-- contacts it restores theirs back. No change-log row: no one changed who
-- may see the contact.
DELETE FROM shares
WHERE contact_id IN (SELECT id FROM contacts WHERE visibility = 'public');
