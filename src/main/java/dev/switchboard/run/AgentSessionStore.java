package dev.switchboard.run;

import dev.switchboard.store.Tx;
import java.sql.SQLException;

/**
 * The {@code agent_session_id} of a session instance and agent: a UUID made on first use and kept, so a CLI agent
 * that keeps its own conversation state ({@code --session-id X}, then {@code --resume X}) talks to the same
 * conversation run after run. A reset starts a new instance, and so a new id.
 */
public interface AgentSessionStore {
    /** The id and whether this call created it (the instance's first run of the agent). */
    record AgentSession(String id, boolean created) {}

    /** Creating one also writes it to the session's {@code agent_session_ids} ({@code key}'s current instance). */
    AgentSession getOrCreate(Tx tx, String key, String instanceId, String agent, long nowMillis) throws SQLException;
}
