package dev.switchboard.store.jdbc;

import dev.switchboard.maintenance.MaintenanceStore;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

final class JdbcMaintenanceStore implements MaintenanceStore {
    /** Ended, unprotected, no queued or running run (the sweeper's exemption, applied to removal too). */
    private static final String ENDED = " FROM sessions s WHERE s.status = 'ended' AND s.protected = 0"
            + " AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.key = s.key AND r.status IN ('queued', 'running'))";

    private final Dialect dialect;

    JdbcMaintenanceStore(Dialect dialect) {
        this.dialect = dialect;
    }

    private static String where(Long before, Set<String> excluded, List<Object> params) {
        var sql = new StringBuilder();
        if (before != null) {
            sql.append(" AND s.ended_at < ?");
            params.add(before);
        }
        if (!excluded.isEmpty()) {
            sql.append(" AND s.key NOT IN (").append(Rows.placeholders(excluded.size())).append(')');
            params.addAll(excluded.stream().sorted().toList());
        }
        return sql.toString();
    }

    @Override
    public List<String> endedSessions(Tx tx, Long endedBeforeMillis, Set<String> excluded, int limit) throws SQLException {
        var params = new ArrayList<Object>();
        String sql = "SELECT s.key" + ENDED + where(endedBeforeMillis, excluded, params) + " ORDER BY s.ended_at, s.key LIMIT ?";
        params.add(limit);
        return tx.list(sql, rs -> rs.getString(1), params.toArray());
    }

    @Override
    public long countEnded(Tx tx, Long endedBeforeMillis, Set<String> excluded) throws SQLException {
        var params = new ArrayList<Object>();
        String sql = "SELECT COUNT(*)" + ENDED + where(endedBeforeMillis, excluded, params);
        return tx.one(sql, rs -> rs.getLong(1), params.toArray()).orElse(0L);
    }

    @Override
    public long liveSessions(Tx tx) throws SQLException {
        return tx.one("SELECT COUNT(*) FROM sessions", rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public List<Entry> archiveEntries(Tx tx, Long beforeMillis, int limit) throws SQLException {
        return tx.list("SELECT id, key FROM archive WHERE archived_at < ? ORDER BY archived_at, id LIMIT ?",
                rs -> new Entry(rs.getString(1), rs.getString(2)), beforeMillis == null ? Long.MAX_VALUE : beforeMillis, limit);
    }

    @Override
    public long countArchive(Tx tx, Long beforeMillis) throws SQLException {
        return tx.one("SELECT COUNT(*) FROM archive WHERE archived_at < ?", rs -> rs.getLong(1),
                beforeMillis == null ? Long.MAX_VALUE : beforeMillis).orElse(0L);
    }

    @Override
    public void deleteArchiveEntry(Tx tx, String id) throws SQLException {
        tx.update("DELETE FROM archive_messages WHERE archive_id = ?", id);
        tx.update("DELETE FROM archive_instances WHERE archive_id = ?", id);
        tx.update("DELETE FROM archive WHERE id = ?", id);
    }

    @Override
    public boolean keyInUse(Tx tx, String key) throws SQLException {
        return tx.one("SELECT 1 FROM sessions WHERE key = ? UNION ALL SELECT 1 FROM archive WHERE key = ?",
                rs -> true, key, key).isPresent();
    }

    @Override
    public Set<String> existingRuns(Tx tx, Collection<String> runIds) throws SQLException {
        if (runIds.isEmpty()) return Set.of();
        return new HashSet<>(tx.list("SELECT id FROM runs WHERE id IN (" + Rows.placeholders(runIds.size()) + ")",
                rs -> rs.getString(1), runIds.toArray()));
    }

    @Override
    public long sizeBytes(Tx tx) throws SQLException {
        return tx.one(dialect.storeSizeQuery(), rs -> rs.getLong(1)).orElse(0L);
    }
}
