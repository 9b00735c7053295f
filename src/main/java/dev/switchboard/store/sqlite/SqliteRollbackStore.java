package dev.switchboard.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.run.RollbackStore;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

final class SqliteRollbackStore implements RollbackStore {
    @Override
    public Removed moveAfter(Tx tx, String instanceId, long afterSeq, String reason, String runId, long atMillis)
            throws SQLException {
        int count = 0;
        UsageTotals usage = UsageTotals.ZERO;
        PreparedStatement sum = tx.prepare("SELECT usage FROM messages WHERE instance_id = ? AND seq > ?");
        sum.setString(1, instanceId);
        sum.setLong(2, afterSeq);
        try (ResultSet rs = sum.executeQuery()) {
            while (rs.next()) {
                count++;
                usage = usage.plus(totals(rs.getString(1)));
            }
        }
        if (count == 0) return new Removed(0, UsageTotals.ZERO);
        PreparedStatement copy = tx.prepare("""
                INSERT INTO run_archived_messages (instance_id, seq, id, role, content, name, tool_call_id, tool_calls,
                    usage, metadata, created_at, archived_at, reason, run_id)
                SELECT instance_id, seq, id, role, content, name, tool_call_id, tool_calls, usage, metadata, created_at, ?, ?, ?
                FROM messages WHERE instance_id = ? AND seq > ?""");
        copy.setLong(1, atMillis);
        copy.setString(2, reason);
        Rows.setString(copy, 3, runId);
        copy.setString(4, instanceId);
        copy.setLong(5, afterSeq);
        copy.executeUpdate();
        PreparedStatement delete = tx.prepare("DELETE FROM messages WHERE instance_id = ? AND seq > ?");
        delete.setString(1, instanceId);
        delete.setLong(2, afterSeq);
        delete.executeUpdate();
        return new Removed(count, usage);
    }

    private static UsageTotals totals(String usageJson) {
        if (usageJson == null) return UsageTotals.ZERO;
        JsonNode u = Json.readStored(usageJson);
        return new UsageTotals(u.path("input_tokens").asLong(0), u.path("output_tokens").asLong(0),
                u.path("cache_read_tokens").asLong(0), u.path("cache_write_tokens").asLong(0),
                u.path("reasoning_tokens").asLong(0), u.path("cost_usd").asDouble(0));
    }
}
