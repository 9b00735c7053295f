-- As db/sqlite/V12.
ALTER TABLE sessions ADD COLUMN agent_sessions text;
