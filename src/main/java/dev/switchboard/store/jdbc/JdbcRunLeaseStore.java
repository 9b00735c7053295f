package dev.switchboard.store.jdbc;

import dev.switchboard.run.RunLeaseStore;
import dev.switchboard.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class JdbcRunLeaseStore implements RunLeaseStore {
    @Override
    public void claim(Tx tx, String runId, String node, long untilMillis) throws SQLException {
        tx.update("""
                INSERT INTO run_leases (run_id, node, lease_until) VALUES (?, ?, ?)
                ON CONFLICT (run_id) DO UPDATE SET node = excluded.node, lease_until = excluded.lease_until""",
                runId, node, untilMillis);
    }

    @Override
    public void renew(Tx tx, String node, long untilMillis) throws SQLException {
        tx.update("DELETE FROM run_leases WHERE node = ? AND run_id NOT IN (SELECT id FROM runs WHERE status = 'running')",
                node);
        tx.update("UPDATE run_leases SET lease_until = ? WHERE node = ?", untilMillis, node);
    }

    @Override
    public Optional<Lease> find(Tx tx, String runId) throws SQLException {
        return tx.one("SELECT run_id, node, lease_until FROM run_leases WHERE run_id = ?", JdbcRunLeaseStore::read, runId);
    }

    @Override
    public List<Lease> expired(Tx tx, long nowMillis) throws SQLException {
        return tx.list("""
                SELECT l.run_id, l.node, l.lease_until FROM run_leases l JOIN runs r ON r.id = l.run_id
                WHERE r.status = 'running' AND l.lease_until < ? ORDER BY l.lease_until""",
                JdbcRunLeaseStore::read, nowMillis);
    }

    private static Lease read(ResultSet rs) throws SQLException {
        return new Lease(rs.getString("run_id"), rs.getString("node"), rs.getLong("lease_until"));
    }
}
