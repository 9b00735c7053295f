package dev.switchboard.store.jdbc;

import dev.switchboard.run.AgentSessionStore;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.UUID;

final class JdbcAgentSessionStore implements AgentSessionStore {
    @Override
    public AgentSession getOrCreate(Tx tx, String key, String instanceId, String agent, long nowMillis)
            throws SQLException {
        var existing = tx.one("SELECT agent_session_id FROM agent_sessions WHERE instance_id = ? AND agent = ?",
                rs -> rs.getString(1), instanceId, agent);
        if (existing.isPresent()) return new AgentSession(existing.get(), false);
        String id = UUID.randomUUID().toString();
        // Runs start on the cluster's serialised writer, so no other start inserts this row meanwhile; the primary
        // key would refuse it if one did.
        tx.update("INSERT INTO agent_sessions (instance_id, agent, agent_session_id, created_at) VALUES (?, ?, ?, ?)",
                instanceId, agent, id, nowMillis);
        JdbcSessionStore.writeAgentSessionIds(tx, key, instanceId);
        return new AgentSession(id, true);
    }
}
