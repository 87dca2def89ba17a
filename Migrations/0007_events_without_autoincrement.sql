-- The feed's seq is assigned by the deciding transaction (max(seq) + 1) and no event is ever
-- deleted, so AUTOINCREMENT only cost work: every event written also read and rewrote its
-- row in sqlite_sequence. The table is rebuilt without it (SQLite cannot drop AUTOINCREMENT in
-- place); rows, seqs and the index are as before. On a large store this copies the feed once.
-- Migrations run with foreign keys off and checked before the commit (files.event_seq refers
-- to events).
CREATE TABLE events_rebuilt (
    seq       INTEGER PRIMARY KEY,
    type      TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    story_id  INTEGER,
    source    TEXT,
    body      TEXT    NOT NULL             -- the event's JSON exactly as served
);
INSERT INTO events_rebuilt (seq, type, at, story_id, source, body)
    SELECT seq, type, at, story_id, source, body FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_rebuilt RENAME TO events;
CREATE INDEX events_story ON events(story_id);
DELETE FROM sqlite_sequence WHERE name = 'events';
