-- Where the importer's follower stands in each file of a [[sources]] entry, as db/sqlite/V8.
CREATE TABLE import_files (
    source      text    NOT NULL,
    path        text    NOT NULL,
    file_key    text    NOT NULL,
    size        bigint  NOT NULL,
    modified_at bigint  NOT NULL,
    byte_offset bigint  NOT NULL,
    settled     integer NOT NULL,
    updated_at  bigint  NOT NULL,
    PRIMARY KEY (source, path)
);
