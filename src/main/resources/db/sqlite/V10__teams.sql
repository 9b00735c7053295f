-- Agents working together (issue 15): runs started for another session (a send's target, a subagent), pair
-- sessions, and the global run list.

-- A run started on behalf of another session: 'send' (from_key sent the input; the answer goes back to it) or
-- 'subagent' (from_key spawned the run's session; the answer and a subagent.* event go to it, and aborting from_key
-- stops it). turn counts the sends of one exchange chain (a send made by a run that a send started is its turn + 1),
-- bounded by [agents] max_exchange_turns. One row per run, written with the run and never changed.
CREATE TABLE run_links (
    run_id   TEXT    PRIMARY KEY,
    kind     TEXT    NOT NULL CHECK (kind IN ('send', 'subagent')),
    from_key TEXT    NOT NULL,
    turn     INTEGER NOT NULL
);
CREATE INDEX run_links_by_from ON run_links (from_key, kind);

-- Pair sessions (POST /v1/pairs): the ordered pair of teams the session is for.
ALTER TABLE sessions ADD COLUMN pair_from TEXT;
ALTER TABLE sessions ADD COLUMN pair_to TEXT;
CREATE INDEX sessions_by_pair ON sessions (pair_from, pair_to, updated_at, key);
CREATE INDEX sessions_by_parent ON sessions (parent_key, updated_at, key);

-- The session object's active_run {id, status, agent, started_at} and last_message {seq, role, text, created_at}
-- (JSON), written by the writes that change them (runs queued/started/ended; appends, undo, rollback, reset,
-- switch), so listing sessions reads neither runs nor messages. Sessions of earlier versions show null until then.
ALTER TABLE sessions ADD COLUMN active_run TEXT;
ALTER TABLE sessions ADD COLUMN last_message TEXT;

-- The agent_session_id of a session instance and agent (run.AgentSessionStore): made on a run's start when missing.
CREATE TABLE agent_sessions (
    instance_id      TEXT    NOT NULL,
    agent            TEXT    NOT NULL,
    agent_session_id TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (instance_id, agent)
);

-- How a run was launched (run.Launch, JSON): argv after substitution, workdir, the agent definition.
ALTER TABLE runs ADD COLUMN launch TEXT;

-- GET /v1/runs: every run, newest first.
CREATE INDEX runs_by_created ON runs (created_at, id);
