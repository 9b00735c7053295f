-- Core schema: sessions and their instances, transcripts, the event log, tokens, idempotency records.
-- Times are epoch milliseconds (UTC). JSON columns hold text exactly as the API returns it.

CREATE TABLE sessions (
    key          TEXT PRIMARY KEY,
    instance_id  TEXT    NOT NULL,
    agent        TEXT    NOT NULL,
    channel      TEXT,
    user_id      TEXT,
    source       TEXT,
    title        TEXT,
    model        TEXT,
    parent_key   TEXT,
    status       TEXT    NOT NULL CHECK (status IN ('active', 'idle', 'ended')),
    metadata     TEXT    NOT NULL DEFAULT '{}',
    plugins      TEXT    NOT NULL DEFAULT '{}',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ended_at     INTEGER,
    end_reason   TEXT,
    version      INTEGER NOT NULL
);
-- Keyset pagination: every list order is (column, key) so a page boundary is exact.
CREATE INDEX sessions_by_updated ON sessions (updated_at, key);
CREATE INDEX sessions_by_created ON sessions (created_at, key);
CREATE INDEX sessions_by_channel ON sessions (channel, updated_at, key);
CREATE INDEX sessions_by_agent ON sessions (agent, updated_at, key);
CREATE INDEX sessions_by_user ON sessions (user_id, updated_at, key);
CREATE INDEX sessions_by_status_seen ON sessions (status, last_seen_at);

CREATE TABLE instances (
    id                 TEXT PRIMARY KEY,
    key                TEXT    NOT NULL,
    created_at         INTEGER NOT NULL,
    ended_at           INTEGER,
    end_reason         TEXT,
    last_seq           INTEGER NOT NULL DEFAULT 0,
    message_count      INTEGER NOT NULL DEFAULT 0,
    input_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens      INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens  INTEGER NOT NULL DEFAULT 0,
    cache_write_tokens INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens   INTEGER NOT NULL DEFAULT 0,
    cost_usd           REAL    NOT NULL DEFAULT 0
);
CREATE INDEX instances_by_key ON instances (key, created_at);

-- mid: AUTOINCREMENT so an id is never reused after an undo removed the newest message; the
-- full-text indexer (V2) tracks its progress by mid.
CREATE TABLE messages (
    mid          INTEGER PRIMARY KEY AUTOINCREMENT,
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
    UNIQUE (instance_id, seq)
);

-- AUTOINCREMENT: sequence numbers are never reused, even after retention pruned every row,
-- because clients resume from them.
-- agent and channel are kept beside key so subscribers can be filtered by their token's grants
-- without parsing data.
CREATE TABLE events (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    type    TEXT    NOT NULL,
    key     TEXT,
    channel TEXT,
    agent   TEXT,
    at      INTEGER NOT NULL,
    data    TEXT    NOT NULL
);
CREATE INDEX events_by_at ON events (at);
CREATE INDEX events_by_key ON events (key);

-- Runs of agents on sessions (semantics in the run feature). Defined here because session lifecycle
-- rules (sweeper, reset policies) must already exempt sessions with a queued or running run.
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    key         TEXT    NOT NULL,
    instance_id TEXT    NOT NULL,
    agent       TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'aborted', 'lost')),
    created_at  INTEGER NOT NULL,
    started_at  INTEGER,
    ended_at    INTEGER,
    exit_code   INTEGER,
    error       TEXT
);
CREATE INDEX runs_by_key_status ON runs (key, status);

CREATE TABLE tokens (
    id           TEXT PRIMARY KEY,
    name         TEXT    NOT NULL,
    secret_hash  TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL CHECK (kind IN ('api', 'stream')),
    scopes       TEXT    NOT NULL,
    channels     TEXT,
    agents       TEXT,
    plugins      TEXT,
    session_key  TEXT,
    parent_id    TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER,
    last_used_at INTEGER
);
CREATE INDEX tokens_by_parent ON tokens (parent_id);

CREATE TABLE idempotency (
    principal    TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    status       INTEGER NOT NULL,
    headers      TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_by_created ON idempotency (created_at);
