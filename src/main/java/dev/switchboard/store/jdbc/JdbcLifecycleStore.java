package dev.switchboard.store.jdbc;

import dev.switchboard.session.Instance;
import dev.switchboard.session.LifecycleStore;
import dev.switchboard.session.Session;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcLifecycleStore implements LifecycleStore {
    private static final String INSTANCE_COLUMNS = """
            id, created_at, ended_at, end_reason, last_seq, message_count, input_tokens, output_tokens,
            cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd""";
    /** The rule every lifecycle decision shares: a queued or running run means the session is busy. */
    static final String NO_ACTIVE_RUN =
            "NOT EXISTS (SELECT 1 FROM runs r WHERE r.key = s.key AND r.status IN ('queued', 'running'))";

    @Override
    public void insertInstance(Tx tx, String instanceId, String key, long createdAtMillis) throws SQLException {
        JdbcSessionStore.insertInstance(tx, instanceId, key, createdAtMillis);
    }

    @Override
    public Optional<Instance> findInstance(Tx tx, String key, String instanceId, String currentId) throws SQLException {
        return tx.one("SELECT " + INSTANCE_COLUMNS + " FROM instances WHERE id = ? AND key = ?",
                rs -> read(rs, currentId), instanceId, key);
    }

    @Override
    public Optional<String> keyOfInstance(Tx tx, String instanceId) throws SQLException {
        return tx.one("SELECT key FROM instances WHERE id = ?", rs -> rs.getString(1), instanceId);
    }

    @Override
    public List<Instance> listInstances(Tx tx, String key, String currentId, boolean descending, Long afterCreatedAt,
                                        String afterId, int limit) throws SQLException {
        String dir = descending ? "DESC" : "ASC";
        String position = afterCreatedAt == null ? "" : " AND (created_at, id) " + (descending ? "<" : ">") + " (?, ?)";
        String sql = "SELECT " + INSTANCE_COLUMNS + " FROM instances WHERE key = ?" + position
                + " ORDER BY created_at " + dir + ", id " + dir + " LIMIT ?";
        Object[] params = afterCreatedAt == null ? new Object[] {key, limit} : new Object[] {key, afterCreatedAt, afterId, limit};
        return tx.list(sql, rs -> read(rs, currentId), params);
    }

    @Override
    public boolean runActive(Tx tx, String key) throws SQLException {
        return tx.one("SELECT 1 FROM runs WHERE key = ? AND status IN ('queued', 'running') LIMIT 1", rs -> true, key)
                .isPresent();
    }

    @Override
    public List<Session> sweepCandidates(Tx tx, List<String> statuses, long seenBeforeMillis, int limit)
            throws SQLException {
        var params = new ArrayList<Object>(statuses);
        params.add(seenBeforeMillis);
        params.add(limit);
        return tx.list(JdbcSessionStore.SELECT + " WHERE s.status IN (" + Rows.placeholders(statuses.size())
                + ") AND s.last_seen_at < ? AND " + NO_ACTIVE_RUN + " ORDER BY s.last_seen_at LIMIT ?",
                JdbcSessionStore::read, params.toArray());
    }

    static UsageTotals usage(ResultSet rs) throws SQLException {
        return new UsageTotals(rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cache_read_tokens"),
                rs.getLong("cache_write_tokens"), rs.getLong("reasoning_tokens"), rs.getDouble("cost_usd"));
    }

    private static Instance read(ResultSet rs, String currentId) throws SQLException {
        String id = rs.getString("id");
        return new Instance(id, Rows.instant(rs, "created_at"), Rows.instant(rs, "ended_at"), rs.getString("end_reason"),
                rs.getLong("message_count"), rs.getLong("last_seq"), usage(rs), id.equals(currentId));
    }
}
