-- Runs of agents (the run feature), agent definitions, directives, and the archive of messages a
-- rollback removed. Times are epoch milliseconds (UTC); JSON columns hold text as the API returns it.

-- runs (created in V1 so session lifecycle rules can see active runs) gains what the supervisor needs.
ALTER TABLE runs ADD COLUMN on_active TEXT NOT NULL DEFAULT 'reject';
-- 1 for interrupt/rollback runs: they start before runs enqueued earlier (ORDER BY priority DESC, created_at, id).
ALTER TABLE runs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
-- The validated input message (JSON). It is durable from the moment the run is acknowledged, and is
-- appended to the transcript when the run reaches the head of its session's queue (input_seq is then set).
ALTER TABLE runs ADD COLUMN input TEXT;
ALTER TABLE runs ADD COLUMN input_seq INTEGER;
-- Process runs: pid and the process's start time, so a restarted server can tell whether the pid it
-- finds alive is still the same process (pids are reused).
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN pid_started_at INTEGER;
-- Byte offset in stdout.log up to which the output is reflected in appended messages (re-attach resumes here).
ALTER TABLE runs ADD COLUMN output_offset INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN abort_requested_at INTEGER;
ALTER TABLE runs ADD COLUMN abort_reason TEXT;
ALTER TABLE runs ADD COLUMN rollback INTEGER NOT NULL DEFAULT 0;
-- Summed usage the agent reported (JSON), also carried by the messages it appended.
ALTER TABLE runs ADD COLUMN usage TEXT;
-- Directive ids delivered with this run's input (JSON array).
ALTER TABLE runs ADD COLUMN directives TEXT;
CREATE INDEX runs_by_status ON runs (status, key);
CREATE INDEX runs_by_key_created ON runs (key, created_at, id);

-- Agents defined through PUT /v1/agents/{id}; the config file's [agents.*] and the built-in echo agent
-- are not stored here (precedence: config file > this table > built-in).
CREATE TABLE agents (
    id         TEXT PRIMARY KEY,
    definition TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A directive addresses one session (session_key) or every session matching a target (channel and/or agent).
CREATE TABLE directives (
    id             TEXT PRIMARY KEY,
    session_key    TEXT,
    target_channel TEXT,
    target_agent   TEXT,
    content        TEXT    NOT NULL,
    priority       INTEGER NOT NULL,   -- 0 low, 1 normal, 2 high, 3 urgent
    tags           TEXT    NOT NULL,   -- JSON array, at least one
    mission_id     TEXT,
    expires_at     INTEGER,
    created_at     INTEGER NOT NULL,
    created_by     TEXT,
    acked_at       INTEGER,
    ack_result     TEXT,               -- JSON
    CHECK (session_key IS NOT NULL OR target_channel IS NOT NULL OR target_agent IS NOT NULL)
);
CREATE INDEX directives_by_session ON directives (session_key, created_at);
CREATE INDEX directives_open_targets ON directives (created_at) WHERE session_key IS NULL AND acked_at IS NULL;

-- Which session received a directive, with which run, and how (with the run's input, or live on stdin).
CREATE TABLE directive_deliveries (
    directive_id TEXT    NOT NULL,
    session_key  TEXT    NOT NULL,
    run_id       TEXT    NOT NULL,
    via          TEXT    NOT NULL CHECK (via IN ('input', 'stdin')),
    delivered_at INTEGER NOT NULL,
    PRIMARY KEY (directive_id, session_key)
);

-- Messages removed from a transcript by a rollback: moved here whole, so nothing is ever lost.
CREATE TABLE run_archived_messages (
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
    archived_at  INTEGER NOT NULL,
    reason       TEXT    NOT NULL,
    run_id       TEXT
);
CREATE INDEX run_archived_messages_by_instance ON run_archived_messages (instance_id, seq);
