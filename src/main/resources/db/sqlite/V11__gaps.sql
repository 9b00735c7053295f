-- Issue 16. Protected sessions can't be deleted or purged (PATCH {protected}, [sessions] protected).
ALTER TABLE sessions ADD COLUMN protected INTEGER NOT NULL DEFAULT 0;
-- The size of the instance's last prompt: input + cache tokens of the newest message that reported any.
ALTER TABLE instances ADD COLUMN last_prompt_tokens INTEGER NOT NULL DEFAULT 0;
-- Who posted a directive: {agent, session_key, user} as JSON, or NULL.
ALTER TABLE directives ADD COLUMN source TEXT;
-- Per-run options of process agents and what the caller wants to find the run by (JSON object).
ALTER TABLE runs ADD COLUMN workdir TEXT;
ALTER TABLE runs ADD COLUMN timeout_seconds INTEGER;
ALTER TABLE runs ADD COLUMN metadata TEXT;
ALTER TABLE runs ADD COLUMN expects_report TEXT;
ALTER TABLE runs ADD COLUMN last_activity_at INTEGER;
