-- Issue 16, as db/sqlite/V11.
ALTER TABLE sessions ADD COLUMN protected integer NOT NULL DEFAULT 0;
ALTER TABLE instances ADD COLUMN last_prompt_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE directives ADD COLUMN source text;
ALTER TABLE runs ADD COLUMN workdir text;
ALTER TABLE runs ADD COLUMN timeout_seconds integer;
ALTER TABLE runs ADD COLUMN metadata text;
ALTER TABLE runs ADD COLUMN expects_report text;
ALTER TABLE runs ADD COLUMN last_activity_at bigint;
