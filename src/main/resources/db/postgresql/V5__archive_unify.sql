-- One archive for every removed message, and idempotency records that know their session, as db/sqlite/V5.
-- No PostgreSQL store existed before this release, so no rollback archive or idempotency record predates this
-- migration: where SQLite's V5 moves rows, this one only changes the schema (and fails if it meets such rows).
ALTER TABLE archive ADD COLUMN reason text CHECK (reason IN ('undo', 'rollback'));
ALTER TABLE archive ADD COLUMN run_id text;
UPDATE archive SET reason = 'undo' WHERE kind = 'messages';

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM run_archived_messages) THEN
        RAISE EXCEPTION 'run_archived_messages has rows: migrate them as db/sqlite/V5 does before dropping it';
    END IF;
END $$;
DROP TABLE run_archived_messages;

ALTER TABLE idempotency ADD COLUMN session_key text;
CREATE INDEX idempotency_by_session ON idempotency (session_key) WHERE session_key IS NOT NULL;
