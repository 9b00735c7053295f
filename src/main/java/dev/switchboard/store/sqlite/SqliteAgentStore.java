package dev.switchboard.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.run.AgentStore;
import dev.switchboard.store.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

final class SqliteAgentStore implements AgentStore {
    @Override
    public Optional<JsonNode> find(Tx tx, String id) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT definition FROM agents WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Json.readStored(rs.getString(1))) : Optional.empty();
        }
    }

    @Override
    public Map<String, JsonNode> all(Tx tx) throws SQLException {
        var out = new LinkedHashMap<String, JsonNode>();
        try (ResultSet rs = tx.prepare("SELECT id, definition FROM agents ORDER BY id").executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), Json.readStored(rs.getString(2)));
        }
        return out;
    }

    @Override
    public boolean put(Tx tx, String id, String definitionJson, long atMillis) throws SQLException {
        boolean existed = find(tx, id).isPresent();
        PreparedStatement ps = tx.prepare("""
                INSERT INTO agents (id, definition, created_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at""");
        ps.setString(1, id);
        ps.setString(2, definitionJson);
        ps.setLong(3, atMillis);
        ps.setLong(4, atMillis);
        ps.executeUpdate();
        return !existed;
    }
}
