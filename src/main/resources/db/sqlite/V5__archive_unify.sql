-- One archive for every message removed from a transcript, and idempotency records that know their session.
--
-- 1. Messages a run rollback removed (V3's run_archived_messages) move into the archive that undo already
--    uses (V2's archive + archive_messages): one entry of kind 'messages' per rollback, told apart from undo
--    by `reason`, with the rolled-back run in `run_id`. Admins read them through GET /v1/archive like the rest.
-- 2. idempotency gains `session_key`, so a purge erases a session's stored responses by key instead of
--    searching response bodies.

-- kind 'messages': why they were removed. NULL for kind 'session'.
ALTER TABLE archive ADD COLUMN reason TEXT CHECK (reason IN ('undo', 'rollback'));
-- reason 'rollback': the run whose output was removed (the run that asked for it is in that run's abort_reason).
ALTER TABLE archive ADD COLUMN run_id TEXT;
-- Every 'messages' entry before this migration came from an undo.
UPDATE archive SET reason = 'undo' WHERE kind = 'messages';

-- One rollback moved the tail of one instance at one instant, so (instance, run, archived_at) identifies it.
-- Rows whose instance and run are both unknown cannot exist: a purge erases the rows of every instance of the
-- key together with its runs, and nothing else deletes instances or runs.
CREATE TEMP TABLE rollback_entries AS
SELECT
    -- A ULID like store.Ulid makes: 10 Crockford base-32 chars of the millisecond time, then 16 random
    -- chars (hex digits are Crockford characters too; 64 random bits are plenty for a handful of rows).
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 45) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 40) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 35) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 30) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 25) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 20) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 15) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 10) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((archived_at >> 5) & 31) + 1, 1) ||
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (archived_at & 31) + 1, 1) ||
    hex(randomblob(8)) AS id,
    instance_id,
    run_id,
    archived_at,
    -- Transcript seqs are contiguous and a rollback removes everything after the run's input, so the
    -- smallest removed seq is the input's seq + 1.
    min(seq) - 1 AS after_seq,
    count(*) AS message_count
FROM run_archived_messages
GROUP BY instance_id, run_id, archived_at;

-- The key, agent and channel of each entry: from the live session the instance belongs to, else from the
-- archived session (the session was deleted after the rollback), else from the run.
INSERT INTO archive (id, kind, key, agent, channel, instance_id, after_seq, session, message_count, archived_at,
                     archived_by, reason, run_id)
SELECT e.id, 'messages',
       coalesce(s.key, a.key, r.key),
       coalesce(s.agent, a.agent, r.agent),
       CASE WHEN s.key IS NOT NULL THEN s.channel WHEN a.key IS NOT NULL THEN a.channel END,
       e.instance_id, e.after_seq, NULL, e.message_count, e.archived_at,
       'system', 'rollback', e.run_id
FROM rollback_entries e
LEFT JOIN instances i ON i.id = e.instance_id
LEFT JOIN sessions s ON s.key = i.key
LEFT JOIN archive a ON a.id = (SELECT ai.archive_id FROM archive_instances ai WHERE ai.id = e.instance_id LIMIT 1)
LEFT JOIN runs r ON r.id = e.run_id;

INSERT INTO archive_messages (archive_id, instance_id, seq, id, role, content, name, tool_call_id, tool_calls,
                              usage, metadata, created_at)
SELECT e.id, m.instance_id, m.seq, m.id, m.role, m.content, m.name, m.tool_call_id, m.tool_calls,
       m.usage, m.metadata, m.created_at
FROM run_archived_messages m
JOIN rollback_entries e ON e.instance_id = m.instance_id AND e.run_id IS m.run_id AND e.archived_at = m.archived_at;

DROP TABLE rollback_entries;
DROP TABLE run_archived_messages;

-- The session a stored response is about (NULL for ones about no session, e.g. a directive to a channel).
ALTER TABLE idempotency ADD COLUMN session_key TEXT;
-- Records stored before this migration: the responses of the idempotent POSTs name their session as
-- `session.key` (resolve), `session_key` (directive), `key` (session create, run send) or, for message
-- appends, through the instance of their first message (live or archived).
UPDATE idempotency SET session_key = CASE
    WHEN json_type(body, '$.session.key') = 'text' THEN json_extract(body, '$.session.key')
    WHEN json_type(body, '$.session_key') = 'text' THEN json_extract(body, '$.session_key')
    WHEN json_type(body, '$.key') = 'text' THEN json_extract(body, '$.key')
    WHEN json_type(body, '$.items[0].instance') = 'text' THEN coalesce(
        (SELECT key FROM instances WHERE id = json_extract(body, '$.items[0].instance')),
        (SELECT a.key FROM archive_instances ai JOIN archive a ON a.id = ai.archive_id
         WHERE ai.id = json_extract(body, '$.items[0].instance') LIMIT 1))
    END
WHERE json_valid(body);
CREATE INDEX idempotency_by_session ON idempotency (session_key) WHERE session_key IS NOT NULL;
