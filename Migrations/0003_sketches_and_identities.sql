-- Near-duplicate sketches, so a restart rebuilds the dedup window without re-reading texts,
-- and format identities (ninjs uri, G2 guid, NITF doc-id, ANPA slug) mapped to their story.

CREATE TABLE sketches (
    version_id  INTEGER PRIMARY KEY REFERENCES versions(id),
    story_id    INTEGER NOT NULL REFERENCES stories(id),
    doc_time    INTEGER NOT NULL,           -- the version's document time (ms)
    data        BLOB    NOT NULL            -- Sketch.encoded(): words and MinHash signature
);
CREATE INDEX sketches_doc_time ON sketches(doc_time);

CREATE TABLE identities (
    identity    TEXT    PRIMARY KEY,        -- namespaced by format, e.g. 'ninjs:urn:x:1'
    story_id    INTEGER NOT NULL REFERENCES stories(id),
    first_seq   INTEGER NOT NULL            -- the event that first carried it
);
