package dev.switchboard.store.jdbc;

import dev.switchboard.auth.Caller;
import dev.switchboard.stats.StatsStore;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counts of {@code GET /v1/stats}. Grants use alias {@code s}: the sessions table, or the events table, which
 * carries the same key, channel and agent columns.
 */
final class JdbcStatsStore implements StatsStore {
    private static final Set<String> GROUPS = Set.of("status", "channel", "agent");

    @Override
    public Map<String, Long> sessionsBy(Tx tx, String column, Caller caller) throws SQLException {
        if (!GROUPS.contains(column)) throw new IllegalArgumentException("no such grouping: " + column);
        return grouped(tx, "SELECT s." + column + ", count(*) FROM sessions s", "s." + column, caller);
    }

    @Override
    public Map<String, Long> runsByStatus(Tx tx, Caller caller) throws SQLException {
        return grouped(tx, "SELECT r.status, count(*) FROM runs r JOIN sessions s ON s.key = r.key", "r.status", caller);
    }

    @Override
    public long messages(Tx tx, Caller caller) throws SQLException {
        return total(tx, "SELECT COALESCE(SUM(i.message_count), 0) FROM instances i JOIN sessions s ON s.key = i.key", caller);
    }

    @Override
    public long events(Tx tx, Caller caller) throws SQLException {
        return total(tx, "SELECT count(*) FROM events s", caller);
    }

    private static Map<String, Long> grouped(Tx tx, String select, String group, Caller caller) throws SQLException {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        Conditions.grants(caller, where, params);
        where.add(group + " IS NOT NULL");
        var out = new TreeMap<String, Long>();
        tx.list(select + " WHERE " + String.join(" AND ", where) + " GROUP BY " + group,
                rs -> out.put(rs.getString(1), rs.getLong(2)), params.toArray());
        return out;
    }

    private static long total(Tx tx, String select, Caller caller) throws SQLException {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        Conditions.grants(caller, where, params);
        String sql = select + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where));
        return tx.one(sql, rs -> rs.getLong(1), params.toArray()).orElse(0L);
    }
}
