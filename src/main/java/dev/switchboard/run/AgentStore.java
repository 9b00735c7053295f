package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/** Agent definitions created through the API, kept as their JSON definition. */
public interface AgentStore {
    Optional<JsonNode> find(Tx tx, String id) throws SQLException;

    /** Every stored definition by id, in id order. */
    Map<String, JsonNode> all(Tx tx) throws SQLException;

    /** Inserts or replaces; returns true when the id was new. */
    boolean put(Tx tx, String id, String definitionJson, long atMillis) throws SQLException;
}
