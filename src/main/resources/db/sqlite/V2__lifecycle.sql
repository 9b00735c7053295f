-- Session lifecycle: reset-policy overrides, the archive (deleted sessions and undone messages),
-- the full-text index over message text, and an index for usage reports.

-- Admin overrides of the reset policies (PUT /v1/policies), layered over the config file's [policies].
-- One row: the document is replaced as a whole, exactly as the admin sent it.
CREATE TABLE policy_overrides (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    document   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
);

-- The archive: what DELETE /v1/sessions/{key} (kind 'session': the session, all its instances and their
-- messages) and DELETE .../messages?after_seq= (kind 'messages': the removed tail of one instance) took
-- out of the live tables. Live tables stay free of it, so the key can be reused at once and live queries
-- never filter out archived rows. Only ?purge=true erases archive rows.
CREATE TABLE archive (
    id            TEXT PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('session', 'messages')),
    key           TEXT    NOT NULL,
    agent         TEXT,
    channel       TEXT,
    instance_id   TEXT,              -- kind 'messages': the instance the messages were removed from
    after_seq     INTEGER,           -- kind 'messages': messages with seq > after_seq were removed
    session       TEXT,              -- kind 'session': the session object as it was when deleted
    message_count INTEGER NOT NULL,
    archived_at   INTEGER NOT NULL,
    archived_by   TEXT               -- id of the token that asked for it
);
CREATE INDEX archive_by_time ON archive (archived_at, id);
CREATE INDEX archive_by_key ON archive (key, archived_at);

CREATE TABLE archive_instances (
    archive_id         TEXT    NOT NULL,
    id                 TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    ended_at           INTEGER,
    end_reason         TEXT,
    last_seq           INTEGER NOT NULL,
    message_count      INTEGER NOT NULL,
    input_tokens       INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    cache_read_tokens  INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    reasoning_tokens   INTEGER NOT NULL,
    cost_usd           REAL    NOT NULL,
    PRIMARY KEY (archive_id, id)
);

-- (instance_id, seq) is unique within one archive entry but not across entries: after an undo the next
-- append reuses the removed sequence numbers, and a second undo may archive them again.
CREATE TABLE archive_messages (
    archive_id   TEXT    NOT NULL,
    instance_id  TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    id           TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    content      TEXT,
    name         TEXT,
    tool_call_id TEXT,
    tool_calls   TEXT,
    usage        TEXT,
    metadata     TEXT,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (archive_id, instance_id, seq)
) WITHOUT ROWID;

-- Full-text index of message text. rowid = messages.mid. The table keeps its own copy of the text
-- (not external-content) because snippets need it and the text is extracted from JSON content blocks.
-- sb_message_text(content, tool_calls) is a Java function (transcript.MessageText, registered on every
-- writable connection by store.sqlite.SqliteFunctions) so previews and the index share one extractor.
--
-- New messages are indexed in bulk by search.SearchIndexer (every few hundred ms, and before every
-- search, so a search always sees what was appended before it): indexing one message per append
-- inside the append's transaction cost ~20 µs of the single writer's time per message, in bulk ~2 µs.
-- search_index.indexed_mid is how far it got. Deletes and updates stay in triggers, in the same
-- transaction as the change: a message removed before it was indexed simply never is.
CREATE VIRTUAL TABLE messages_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE search_index (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_mid INTEGER NOT NULL
);

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = old.mid;
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, tool_calls ON messages BEGIN
    UPDATE messages_fts SET text = sb_message_text(new.content, new.tool_calls) WHERE rowid = new.mid;
END;

-- Messages written before this migration.
INSERT INTO messages_fts (rowid, text) SELECT mid, sb_message_text(content, tool_calls) FROM messages;
INSERT INTO search_index (id, indexed_mid) VALUES (1, (SELECT coalesce(max(mid), 0) FROM messages));

-- Usage reports select messages by time range.
CREATE INDEX messages_by_created ON messages (created_at);
