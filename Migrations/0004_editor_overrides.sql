-- Editor overrides: a story merged into another points at it and holds no versions.
ALTER TABLE stories ADD COLUMN merged_into INTEGER REFERENCES stories(id);
