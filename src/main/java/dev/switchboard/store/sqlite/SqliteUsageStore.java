package dev.switchboard.store.sqlite;

import dev.switchboard.auth.Caller;
import dev.switchboard.store.Tx;
import dev.switchboard.usage.UsageRow;
import dev.switchboard.usage.UsageStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Usage sums straight from messages' usage JSON, selected by {@code messages_by_created} (V2). */
final class SqliteUsageStore implements UsageStore {
    @Override
    public List<UsageRow> aggregate(Tx tx, long fromMillis, long toMillis, String groupBy, Caller caller)
            throws SQLException {
        String group = switch (groupBy) {
            case "day" -> "strftime('%Y-%m-%d', m.created_at / 1000, 'unixepoch')"; // UTC calendar day
            case "agent" -> "s.agent";
            case "channel" -> "s.channel";
            case "model" -> "coalesce(json_extract(m.usage, '$.model'), s.model)";
            default -> throw new IllegalArgumentException("group_by " + groupBy);
        };
        var where = new ArrayList<String>(List.of("m.created_at >= ?", "m.created_at < ?"));
        var params = new ArrayList<Object>(List.of(fromMillis, toMillis));
        SqliteSessionStore.grants(caller, where, params);
        String sql = "SELECT " + group + " AS grp, "
                + "coalesce(sum(json_extract(m.usage, '$.input_tokens')), 0) AS input_tokens, "
                + "coalesce(sum(json_extract(m.usage, '$.output_tokens')), 0) AS output_tokens, "
                + "coalesce(sum(json_extract(m.usage, '$.cache_read_tokens')), 0) AS cache_read_tokens, "
                + "coalesce(sum(json_extract(m.usage, '$.cache_write_tokens')), 0) AS cache_write_tokens, "
                + "coalesce(sum(json_extract(m.usage, '$.reasoning_tokens')), 0) AS reasoning_tokens, "
                + "coalesce(sum(json_extract(m.usage, '$.cost_usd')), 0.0) AS cost_usd, "
                + "count(DISTINCT s.key) AS sessions, count(*) AS messages "
                + "FROM messages m JOIN instances i ON i.id = m.instance_id JOIN sessions s ON s.key = i.key "
                + "WHERE " + String.join(" AND ", where) + " GROUP BY grp ORDER BY grp";
        PreparedStatement ps = tx.prepare(sql);
        Rows.bindAll(ps, 1, params);
        var out = new ArrayList<UsageRow>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new UsageRow(rs.getString("grp"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                        rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"), rs.getLong("reasoning_tokens"),
                        rs.getDouble("cost_usd"), rs.getLong("sessions"), rs.getLong("messages")));
            }
        }
        return out;
    }
}
