-- Named feed consumers (server-side positions), withdrawn stories, and indexes for listing.

CREATE TABLE consumers (
    name        TEXT    PRIMARY KEY,        -- [A-Za-z0-9._-], 1 to 64 characters
    acked_seq   INTEGER NOT NULL DEFAULT 0, -- the last event the consumer acknowledged
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

ALTER TABLE stories ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;

CREATE INDEX stories_updated ON stories(updated_at DESC, id DESC);
CREATE INDEX files_story_outcome ON files(story_id, outcome);
