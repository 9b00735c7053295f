package dev.switchboard.store.jdbc;

import dev.switchboard.auth.Caller;
import dev.switchboard.store.Tx;
import dev.switchboard.usage.UsageRow;
import dev.switchboard.usage.UsageStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Usage sums straight from messages' usage JSON, selected by {@code messages_by_created} (V2). */
final class JdbcUsageStore implements UsageStore {
    private final Dialect dialect;

    JdbcUsageStore(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Sums of a usage JSON column, named like the instance counters ({@code input_tokens} … {@code cost_usd}):
     * the same fields an append adds to its instance, so reports and undo agree with the counters.
     */
    static String sums(Dialect dialect, String usageColumn) {
        var parts = new java.util.ArrayList<String>();
        for (String f : List.of("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "reasoning_tokens")) {
            parts.add("coalesce(sum(" + dialect.jsonNumber(usageColumn, f) + "), 0) AS " + f);
        }
        parts.add("coalesce(sum(" + dialect.jsonNumber(usageColumn, "cost_usd") + "), 0.0) AS cost_usd");
        return String.join(", ", parts);
    }

    @Override
    public List<UsageRow> aggregate(Tx tx, long fromMillis, long toMillis, String groupBy, Caller caller)
            throws SQLException {
        String group = switch (groupBy) {
            case "day" -> dialect.utcDay("m.created_at");
            case "agent" -> "s.agent";
            case "channel" -> "s.channel";
            case "model" -> "coalesce(" + dialect.jsonText("m.usage", "model") + ", s.model)";
            default -> throw new IllegalArgumentException("group_by " + groupBy);
        };
        var where = new ArrayList<String>(List.of("m.created_at >= ?", "m.created_at < ?"));
        var params = new ArrayList<Object>(List.of(fromMillis, toMillis));
        Conditions.grants(caller, where, params);
        String sql = "SELECT " + group + " AS grp, " + sums(dialect, "m.usage") + ", "
                + "count(DISTINCT s.key) AS sessions, count(*) AS messages "
                + "FROM messages m JOIN instances i ON i.id = m.instance_id JOIN sessions s ON s.key = i.key "
                + "WHERE " + String.join(" AND ", where) + " GROUP BY grp ORDER BY grp";
        return tx.list(sql, rs -> new UsageRow(rs.getString("grp"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"), rs.getLong("reasoning_tokens"),
                rs.getDouble("cost_usd"), rs.getLong("sessions"), rs.getLong("messages")), params.toArray());
    }
}
