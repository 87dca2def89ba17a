-- Sketches are no longer stored: a start rebuilds the dedup window's sketches from the
-- versions' text (on every core), and writing them doubled what each group commit wrote.
-- Content-hash lookups go through the hash's first 16 hex digits (64 bits): an index a
-- quarter the size, whose pages a group commit rewrites far less; the full hash is still
-- compared.
DROP INDEX sketches_doc_time;
DROP TABLE sketches;
DROP INDEX versions_content_hash;
CREATE INDEX versions_content_prefix ON versions(substr(content_hash, 1, 16));
