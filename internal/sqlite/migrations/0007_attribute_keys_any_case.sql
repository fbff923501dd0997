-- rolo schema version 7: attribute keys are matched in any case. add and
-- edit keep a key as typed (Plan), an import makes header names lower
-- case (plan), and attr.plan: in a query lower-cases what it is given: the
-- index on keys is now case-insensitive, so that attr.plan:pro finds both
-- without reading every attribute.
DROP INDEX contact_attributes_key;
CREATE INDEX contact_attributes_key ON contact_attributes (key COLLATE NOCASE, value);
