-- The first schema: stories, their versions, every decided file, and the change feed.
-- Times are integer milliseconds since 1970-01-01 UTC.

CREATE TABLE stories (
    id           INTEGER PRIMARY KEY,
    headline     TEXT    NOT NULL,          -- the newest version's headline
    source       TEXT,                      -- inbox subfolder of the first version
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version_count INTEGER NOT NULL DEFAULT 0
);

-- Every version of every story is kept, with the text as received.
CREATE TABLE versions (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories(id),
    number        INTEGER NOT NULL,         -- 1, 2, … within the story
    file          TEXT    NOT NULL,         -- path relative to the inbox
    source        TEXT,
    format        TEXT    NOT NULL,
    content_hash  TEXT    NOT NULL,         -- SHA-256 of the normalized text
    received_at   INTEGER NOT NULL,
    doc_time      INTEGER NOT NULL,         -- document time, else the file's mtime
    headline      TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    UNIQUE (story_id, number)
);
CREATE INDEX versions_content_hash ON versions(content_hash);

-- One row per file decided: the record that makes every decision happen exactly once.
-- A file is recognised again by its path, size, mtime, inode and the hash of its bytes.
CREATE TABLE files (
    id          INTEGER PRIMARY KEY,
    path        TEXT    NOT NULL,           -- relative to the inbox
    size        INTEGER NOT NULL,
    mtime_ns    INTEGER NOT NULL,
    inode       INTEGER NOT NULL,
    raw_hash    TEXT    NOT NULL,           -- SHA-256 of the bytes ('' when unreadable)
    outcome     TEXT    NOT NULL,           -- the event type of its decision
    story_id    INTEGER REFERENCES stories(id),
    version_id  INTEGER REFERENCES versions(id),
    event_seq   INTEGER NOT NULL REFERENCES events(seq),
    reason      TEXT,
    decided_at  INTEGER NOT NULL
);
CREATE INDEX files_identity ON files(path, size, mtime_ns);

-- The change feed. seq is assigned in the deciding transaction, so it is gap-free.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    type      TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    story_id  INTEGER,
    source    TEXT,
    body      TEXT    NOT NULL             -- the event's JSON exactly as served
);
CREATE INDEX events_story ON events(story_id);
