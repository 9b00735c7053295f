-- Agents working together, as db/sqlite/V10.
CREATE TABLE run_links (
    run_id   text   PRIMARY KEY,
    kind     text   NOT NULL CHECK (kind IN ('send', 'subagent')),
    from_key text   NOT NULL,
    turn     bigint NOT NULL
);
CREATE INDEX run_links_by_from ON run_links (from_key, kind);

ALTER TABLE sessions ADD COLUMN pair_from text;
ALTER TABLE sessions ADD COLUMN pair_to text;
CREATE INDEX sessions_by_pair ON sessions (pair_from, pair_to, updated_at, key);
CREATE INDEX sessions_by_parent ON sessions (parent_key, updated_at, key);

ALTER TABLE sessions ADD COLUMN active_run text;
ALTER TABLE sessions ADD COLUMN last_message text;

CREATE TABLE agent_sessions (
    instance_id      text   NOT NULL,
    agent            text   NOT NULL,
    agent_session_id text   NOT NULL,
    created_at       bigint NOT NULL,
    PRIMARY KEY (instance_id, agent)
);

ALTER TABLE runs ADD COLUMN launch text;

CREATE INDEX runs_by_created ON runs (created_at, id);
