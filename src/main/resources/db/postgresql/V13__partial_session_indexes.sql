-- The filtered session lists' indexes hold only the sessions that have the filtered field. Every append and
-- every PATCH moves updated_at, so each of these indexes costs a session write one entry moved (up to two
-- pages) even when the field is NULL and no filter can ever find the session through it: measured on this
-- schema with the append write set (message, instance, session, event per commit), 10 000 sessions, half
-- without channel/user and none paired or parented, 24.5 pages per append before, 18.1 after. A filter
-- `channel = ?` implies `channel IS NOT NULL`, so the lists use these indexes as before (SessionListIndexTest), and
-- stats' GROUP BY ... WHERE column IS NOT NULL matches them exactly. On PostgreSQL an update that
-- changes an indexed column is not HOT and adds an entry to every index the row belongs to, so the same holds.
DROP INDEX sessions_by_channel;
DROP INDEX sessions_by_agent;
DROP INDEX sessions_by_user;
DROP INDEX sessions_by_pair;
DROP INDEX sessions_by_parent;
CREATE INDEX sessions_by_channel ON sessions (channel, updated_at, key) WHERE channel IS NOT NULL;
CREATE INDEX sessions_by_agent ON sessions (agent, updated_at, key) WHERE agent IS NOT NULL;
CREATE INDEX sessions_by_user ON sessions (user_id, updated_at, key) WHERE user_id IS NOT NULL;
CREATE INDEX sessions_by_pair ON sessions (pair_from, pair_to, updated_at, key) WHERE pair_from IS NOT NULL;
CREATE INDEX sessions_by_parent ON sessions (parent_key, updated_at, key) WHERE parent_key IS NOT NULL;
