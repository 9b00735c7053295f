-- Session lifecycle, as db/sqlite/V2: policy overrides, the archive, the full-text index, usage by time.

CREATE TABLE policy_overrides (
    id         integer PRIMARY KEY CHECK (id = 1),
    document   text    NOT NULL,
    updated_at bigint  NOT NULL,
    updated_by text
);

CREATE TABLE archive (
    id            text PRIMARY KEY,
    kind          text    NOT NULL CHECK (kind IN ('session', 'messages')),
    key           text    NOT NULL,
    agent         text,
    channel       text,
    instance_id   text,
    after_seq     bigint,
    session       text,
    message_count bigint  NOT NULL,
    archived_at   bigint  NOT NULL,
    archived_by   text
);
CREATE INDEX archive_by_time ON archive (archived_at, id);
CREATE INDEX archive_by_key ON archive (key, archived_at);

CREATE TABLE archive_instances (
    archive_id         text    NOT NULL,
    id                 text    NOT NULL,
    created_at         bigint  NOT NULL,
    ended_at           bigint,
    end_reason         text,
    last_seq           bigint  NOT NULL,
    message_count      bigint  NOT NULL,
    input_tokens       bigint  NOT NULL,
    output_tokens      bigint  NOT NULL,
    cache_read_tokens  bigint  NOT NULL,
    cache_write_tokens bigint  NOT NULL,
    reasoning_tokens   bigint  NOT NULL,
    cost_usd           double precision NOT NULL,
    PRIMARY KEY (archive_id, id)
);

CREATE TABLE archive_messages (
    archive_id   text    NOT NULL,
    instance_id  text    NOT NULL,
    seq          bigint  NOT NULL,
    id           text    NOT NULL,
    role         text    NOT NULL,
    content      text,
    name         text,
    tool_call_id text,
    tool_calls   text,
    usage        text,
    metadata     text,
    created_at   bigint  NOT NULL,
    PRIMARY KEY (archive_id, instance_id, seq)
);

-- Full-text index of message text: PostgreSQL's own (tsvector + GIN). The text is what transcript.MessageText
-- extracts from content blocks (a Java function, so it can't run in a trigger here): search.SearchIndexer fills this
-- table in bulk, exactly as it fills FTS5 on SQLite, and before every search. text is kept for ts_headline snippets.
-- A message removed from the transcript takes its row with it (ON DELETE CASCADE), in the same transaction.
CREATE TABLE message_search (
    mid  bigint PRIMARY KEY REFERENCES messages (mid) ON DELETE CASCADE,
    text text     NOT NULL,
    tsv  tsvector NOT NULL
);
CREATE INDEX message_search_tsv ON message_search USING gin (tsv);

CREATE TABLE search_index (
    id          integer PRIMARY KEY CHECK (id = 1),
    indexed_mid bigint  NOT NULL
);
INSERT INTO search_index (id, indexed_mid) VALUES (1, 0);

CREATE INDEX messages_by_created ON messages (created_at);
