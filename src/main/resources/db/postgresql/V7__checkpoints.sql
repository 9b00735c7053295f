-- Compaction as checkpoints and the token estimates the context endpoint trims by, as db/sqlite/V7 (see there).
ALTER TABLE messages ADD COLUMN tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN tokens_through bigint NOT NULL DEFAULT 0;

-- Messages written before this migration: the same estimate as transcript.TokenEstimate.
UPDATE messages SET tokens = CASE
    WHEN jsonb_typeof(usage::jsonb -> 'output_tokens') = 'number' AND (usage::jsonb ->> 'output_tokens')::numeric > 0
        THEN (usage::jsonb ->> 'output_tokens')::numeric::bigint
    ELSE (coalesce(length(content), 0) + coalesce(length(tool_calls), 0) + 3) / 4 + 4
END;
UPDATE messages SET tokens_through = t.through
FROM (SELECT mid, sum(tokens) OVER (PARTITION BY instance_id ORDER BY seq) AS through FROM messages) AS t
WHERE messages.mid = t.mid;

CREATE TABLE checkpoints (
    id             text PRIMARY KEY,
    key            text    NOT NULL,
    instance_id    text    NOT NULL,
    strategy       text    NOT NULL CHECK (strategy IN ('summarize', 'truncate')),
    status         text    NOT NULL CHECK (status IN ('running', 'active', 'superseded', 'reverted', 'stale', 'failed')),
    triggered_by   text    NOT NULL CHECK (triggered_by IN ('manual', 'auto')),
    previous_id    text,
    from_seq       bigint  NOT NULL,
    to_seq         bigint  NOT NULL,
    to_id          text,
    first_kept_seq bigint  NOT NULL,
    kept_to_seq    bigint  NOT NULL,
    keep_last      integer NOT NULL,
    summary        text,
    summary_usage  text,
    summary_tokens bigint  NOT NULL DEFAULT 0,
    tokens_before  bigint  NOT NULL,
    tokens_after   bigint,
    agent          text,
    instructions   text,
    error          text,
    pid            bigint,
    pid_started_at bigint,
    created_at     bigint  NOT NULL,
    completed_at   bigint,
    created_by     text
);
CREATE INDEX checkpoints_by_instance ON checkpoints (instance_id, status);
CREATE INDEX checkpoints_by_key ON checkpoints (key);
CREATE INDEX checkpoints_running ON checkpoints (status) WHERE status = 'running';

ALTER TABLE sessions ADD COLUMN compaction_id text;
