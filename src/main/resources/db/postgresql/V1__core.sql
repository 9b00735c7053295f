-- Core schema on PostgreSQL: the same tables, columns and meaning as db/sqlite/V1 (read that file for the why of
-- each). Times are epoch milliseconds (bigint, UTC); JSON columns are text holding exactly what the API returns.

CREATE TABLE sessions (
    key          text PRIMARY KEY,
    instance_id  text    NOT NULL,
    agent        text    NOT NULL,
    channel      text,
    user_id      text,
    source       text,
    title        text,
    model        text,
    parent_key   text,
    status       text    NOT NULL CHECK (status IN ('active', 'idle', 'ended')),
    metadata     text    NOT NULL DEFAULT '{}',
    plugins      text    NOT NULL DEFAULT '{}',
    created_at   bigint  NOT NULL,
    updated_at   bigint  NOT NULL,
    last_seen_at bigint  NOT NULL,
    ended_at     bigint,
    end_reason   text,
    version      bigint  NOT NULL
);
CREATE INDEX sessions_by_updated ON sessions (updated_at, key);
CREATE INDEX sessions_by_created ON sessions (created_at, key);
CREATE INDEX sessions_by_channel ON sessions (channel, updated_at, key);
CREATE INDEX sessions_by_agent ON sessions (agent, updated_at, key);
CREATE INDEX sessions_by_user ON sessions (user_id, updated_at, key);
CREATE INDEX sessions_by_status_seen ON sessions (status, last_seen_at);

CREATE TABLE instances (
    id                 text PRIMARY KEY,
    key                text    NOT NULL,
    created_at         bigint  NOT NULL,
    ended_at           bigint,
    end_reason         text,
    last_seq           bigint  NOT NULL DEFAULT 0,
    message_count      bigint  NOT NULL DEFAULT 0,
    input_tokens       bigint  NOT NULL DEFAULT 0,
    output_tokens      bigint  NOT NULL DEFAULT 0,
    cache_read_tokens  bigint  NOT NULL DEFAULT 0,
    cache_write_tokens bigint  NOT NULL DEFAULT 0,
    reasoning_tokens   bigint  NOT NULL DEFAULT 0,
    cost_usd           double precision NOT NULL DEFAULT 0
);
CREATE INDEX instances_by_key ON instances (key, created_at);

-- mid: never reused (an identity column), the search indexer tracks its progress by it.
CREATE TABLE messages (
    mid          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    UNIQUE (instance_id, seq)
);

-- seq comes from events_seq, drawn only by the batch holding the cluster write lock (store.postgres.PostgresDatabase),
-- so allocation order is commit order across nodes; a sequence never hands a number out twice.
CREATE SEQUENCE events_seq AS bigint;
CREATE TABLE events (
    seq     bigint PRIMARY KEY,
    type    text    NOT NULL,
    key     text,
    channel text,
    agent   text,
    at      bigint  NOT NULL,
    data    text    NOT NULL
);
CREATE INDEX events_by_at ON events (at);
CREATE INDEX events_by_key ON events (key, seq);

CREATE TABLE runs (
    id          text PRIMARY KEY,
    key         text    NOT NULL,
    instance_id text    NOT NULL,
    agent       text    NOT NULL,
    status      text    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'aborted', 'lost')),
    created_at  bigint  NOT NULL,
    started_at  bigint,
    ended_at    bigint,
    exit_code   integer,
    error       text
);
CREATE INDEX runs_by_key_status ON runs (key, status);

CREATE TABLE tokens (
    id           text PRIMARY KEY,
    name         text    NOT NULL,
    secret_hash  text    NOT NULL UNIQUE,
    kind         text    NOT NULL CHECK (kind IN ('api', 'stream')),
    scopes       text    NOT NULL,
    channels     text,
    agents       text,
    plugins      text,
    session_key  text,
    parent_id    text,
    created_at   bigint  NOT NULL,
    expires_at   bigint,
    revoked_at   bigint,
    last_used_at bigint
);
CREATE INDEX tokens_by_parent ON tokens (parent_id);

CREATE TABLE idempotency (
    principal    text    NOT NULL,
    key          text    NOT NULL,
    request_hash text    NOT NULL,
    status       integer NOT NULL,
    headers      text    NOT NULL,
    body         text    NOT NULL,
    created_at   bigint  NOT NULL,
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_by_created ON idempotency (created_at);
