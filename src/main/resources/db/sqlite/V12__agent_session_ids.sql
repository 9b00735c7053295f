-- The session object's agent_session_ids: {agent: agent_session_id} of the current instance (JSON), written with the
-- agent_sessions rows (V10) and on reset/switch, so a list shows them without reading agent_sessions.
ALTER TABLE sessions ADD COLUMN agent_sessions TEXT;
