-- The dedup window is read by document time at every start: index it, so restart time does
-- not grow with the archive.
CREATE INDEX versions_doc_time ON versions(doc_time);
