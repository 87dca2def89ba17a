-- What the structured formats say about each version beyond its text: the byline (NITF
-- <byline>, ninjs byline(s), G2 <by>, ANPA's "By" line), the dateline (NITF <dateline>, ninjs
-- located, G2 <dateline>; ANPA's read from its first paragraph, which keeps it) and the
-- urgency, 1 (most urgent) to 9. NULL when the format carries none (plain text) and for
-- versions stored before this migration.
ALTER TABLE versions ADD COLUMN byline TEXT;
ALTER TABLE versions ADD COLUMN dateline TEXT;
ALTER TABLE versions ADD COLUMN urgency INTEGER;
