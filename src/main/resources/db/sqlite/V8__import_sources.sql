-- Where the importer's follower stands in each file of a [[sources]] entry. Only a shortcut, so a restart skips
-- files that did not change: what is imported is decided by the transcripts themselves (every imported message
-- keeps its source id and position in metadata.source), so a row that is behind after a crash costs a re-read,
-- never a duplicate or a gap.
CREATE TABLE import_files (
    source      TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    file_key    TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    settled     INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (source, path)
);
