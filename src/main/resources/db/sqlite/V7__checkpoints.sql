-- Compaction as checkpoints (the compaction feature) and the token estimates the context endpoint trims by.
-- Times are epoch milliseconds (UTC); JSON columns hold text as the API returns it.

-- Each message's token estimate, and the running total through it within its instance (a prefix sum), both
-- written by the append that inserts it. The tokens of any seq range are then two indexed lookups
-- (through(b) - through(a - 1)), so neither an append nor a context request ever scans a transcript. Removals
-- (undo, rollback, rewrite) only ever remove a tail, which leaves every remaining prefix sum correct.
-- Estimate: the message's usage.output_tokens when it reported one, else its characters / 4 (content and
-- tool_calls JSON, rounded up) plus 4 for the message's framing (transcript.TokenEstimate; same formula here).
ALTER TABLE messages ADD COLUMN tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN tokens_through INTEGER NOT NULL DEFAULT 0;

-- Messages written before this migration (SQLite-only functions are fine here: this file is SQLite's).
UPDATE messages SET tokens = CASE
    WHEN coalesce(json_extract(usage, '$.output_tokens'), 0) > 0 THEN json_extract(usage, '$.output_tokens')
    ELSE (coalesce(length(content), 0) + coalesce(length(tool_calls), 0) + 3) / 4 + 4
END;
UPDATE messages SET tokens_through = t.through
FROM (SELECT mid, sum(tokens) OVER (PARTITION BY instance_id ORDER BY seq) AS through FROM messages) AS t
WHERE messages.mid = t.mid;

-- A checkpoint records one compaction of one instance: which seqs it covers (the summary stands for them in
-- the context), which seq the context keeps from, and the summary. The raw messages are never touched.
-- status: running (the summarizer works; the session shows "compacting"), active (the one the context uses;
-- at most one per instance), superseded (a newer one took over), reverted (restored past), stale (messages it
-- covers were removed), failed (with error; the context never changed).
CREATE TABLE checkpoints (
    id             TEXT PRIMARY KEY,             -- a ULID: ids sort in creation order
    key            TEXT    NOT NULL,
    instance_id    TEXT    NOT NULL,
    strategy       TEXT    NOT NULL CHECK (strategy IN ('summarize', 'truncate')),
    status         TEXT    NOT NULL CHECK (status IN ('running', 'active', 'superseded', 'reverted', 'stale', 'failed')),
    triggered_by   TEXT    NOT NULL CHECK (triggered_by IN ('manual', 'auto')),
    previous_id    TEXT,                         -- the checkpoint this one builds on (its summary was in the prompt)
    from_seq       INTEGER NOT NULL,             -- covered: from_seq..to_seq (raw messages the summary replaces)
    to_seq         INTEGER NOT NULL,
    to_id          TEXT,                         -- id of the message at to_seq, to notice a rewritten range
    first_kept_seq INTEGER NOT NULL,             -- = to_seq + 1: the context keeps messages from here
    kept_to_seq    INTEGER NOT NULL,             -- the instance's last seq when the compaction started
    keep_last      INTEGER NOT NULL,
    summary        TEXT,                         -- the summary message's text (summarize, once complete)
    summary_usage  TEXT,                         -- JSON usage the summarizer reported
    summary_tokens INTEGER NOT NULL DEFAULT 0,
    tokens_before  INTEGER NOT NULL,
    tokens_after   INTEGER,
    agent          TEXT,
    instructions   TEXT,
    error          TEXT,
    pid            INTEGER,                      -- a process summarizer, so a restart can stop an orphan
    pid_started_at INTEGER,
    created_at     INTEGER NOT NULL,
    completed_at   INTEGER,
    created_by     TEXT
);
CREATE INDEX checkpoints_by_instance ON checkpoints (instance_id, status);
CREATE INDEX checkpoints_by_key ON checkpoints (key);
CREATE INDEX checkpoints_running ON checkpoints (status) WHERE status = 'running';

-- The checkpoint a session is compacting into right now (null otherwise): set and cleared in the same
-- transactions as that checkpoint's running status, and shown as the session's status "compacting".
ALTER TABLE sessions ADD COLUMN compaction_id TEXT;
