-- A file's status-change time (ctime) joins its identity. The kernel gives a freed inode to the
-- next new file, so a re-sent copy (same name, bytes and modification time, as `cp -p` keeps
-- it) dropped after the first was moved and removed from processed/ could match the first's
-- record and be taken for it: moved without an event. A new file, or a file renamed in, has a
-- new ctime; one left in the inbox by a crash keeps its own. NULL for files decided before.
ALTER TABLE files ADD COLUMN ctime_ns INTEGER;
