package dev.switchboard.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.run.AgentStore;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

final class JdbcAgentStore implements AgentStore {
    @Override
    public Optional<JsonNode> find(Tx tx, String id) throws SQLException {
        return tx.one("SELECT definition FROM agents WHERE id = ?", rs -> Json.readStored(rs.getString(1)), id);
    }

    @Override
    public Map<String, JsonNode> all(Tx tx) throws SQLException {
        var out = new LinkedHashMap<String, JsonNode>();
        for (var row : tx.list("SELECT id, definition FROM agents ORDER BY id",
                rs -> Map.entry(rs.getString(1), Json.readStored(rs.getString(2))))) {
            out.put(row.getKey(), row.getValue());
        }
        return out;
    }

    @Override
    public boolean put(Tx tx, String id, String definitionJson, long atMillis) throws SQLException {
        boolean existed = find(tx, id).isPresent();
        tx.update("""
                INSERT INTO agents (id, definition, created_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at""",
                id, definitionJson, atMillis, atMillis);
        return !existed;
    }
}
