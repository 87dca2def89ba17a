-- Each version's format identity and the format's own number for it (ninjs `uri` and
-- `version`, G2 `guid` and `version`, NITF du-key and its `version`), so a version that arrives
-- after a higher-numbered one of the same identity is kept without taking over its story.
-- NULL where the format carries none, and for versions stored before.
ALTER TABLE versions ADD COLUMN identity TEXT;
ALTER TABLE versions ADD COLUMN format_version INTEGER;
