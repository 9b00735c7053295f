-- Runs, agents, directives, as db/sqlite/V3.
ALTER TABLE runs ADD COLUMN on_active text NOT NULL DEFAULT 'reject';
ALTER TABLE runs ADD COLUMN priority integer NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN input text;
ALTER TABLE runs ADD COLUMN input_seq bigint;
ALTER TABLE runs ADD COLUMN pid bigint;
ALTER TABLE runs ADD COLUMN pid_started_at bigint;
ALTER TABLE runs ADD COLUMN output_offset bigint NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN abort_requested_at bigint;
ALTER TABLE runs ADD COLUMN abort_reason text;
ALTER TABLE runs ADD COLUMN rollback integer NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN usage text;
ALTER TABLE runs ADD COLUMN directives text;
CREATE INDEX runs_by_status ON runs (status, key);
CREATE INDEX runs_by_key_created ON runs (key, created_at, id);

CREATE TABLE agents (
    id         text PRIMARY KEY,
    definition text    NOT NULL,
    created_at bigint  NOT NULL,
    updated_at bigint  NOT NULL
);

CREATE TABLE directives (
    id             text PRIMARY KEY,
    session_key    text,
    target_channel text,
    target_agent   text,
    content        text    NOT NULL,
    priority       integer NOT NULL,
    tags           text    NOT NULL,
    mission_id     text,
    expires_at     bigint,
    created_at     bigint  NOT NULL,
    created_by     text,
    acked_at       bigint,
    ack_result     text,
    CHECK (session_key IS NOT NULL OR target_channel IS NOT NULL OR target_agent IS NOT NULL)
);
CREATE INDEX directives_by_session ON directives (session_key, created_at);
CREATE INDEX directives_open_targets ON directives (created_at) WHERE session_key IS NULL AND acked_at IS NULL;

CREATE TABLE directive_deliveries (
    directive_id text    NOT NULL,
    session_key  text    NOT NULL,
    run_id       text    NOT NULL,
    via          text    NOT NULL CHECK (via IN ('input', 'stdin')),
    delivered_at bigint  NOT NULL,
    PRIMARY KEY (directive_id, session_key)
);

-- As on SQLite until V5, which folds it into the archive.
CREATE TABLE run_archived_messages (
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
    archived_at  bigint  NOT NULL,
    reason       text    NOT NULL,
    run_id       text
);
