-- A pruned story's or version's id is never given out again. SQLite numbers a new row one past
-- the largest id present, so pruning the newest stories would hand their ids to the next ones,
-- and the feed, which keeps the pruned stories' events, would show two stories under one id.
-- Pruning records here the largest id each table held; new rows are numbered past it.
CREATE TABLE id_floors (
    name     TEXT    PRIMARY KEY,       -- 'stories' or 'versions'
    last_id  INTEGER NOT NULL           -- the largest id the table held when it was pruned
) WITHOUT ROWID;
