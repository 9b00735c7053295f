package dev.switchboard.store.jdbc;

import dev.switchboard.run.RunLink;
import dev.switchboard.run.RunLinkStore;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class JdbcRunLinkStore implements RunLinkStore {
    @Override
    public void insert(Tx tx, RunLink l) throws SQLException {
        tx.update("INSERT INTO run_links (run_id, kind, from_key, turn) VALUES (?, ?, ?, ?)",
                l.runId(), l.kind().wire(), l.fromKey(), l.turn());
    }

    @Override
    public Optional<RunLink> find(Tx tx, String runId) throws SQLException {
        return tx.one("SELECT run_id, kind, from_key, turn FROM run_links WHERE run_id = ?",
                rs -> new RunLink(rs.getString(1), RunLink.Kind.fromWire(rs.getString(2)), rs.getString(3), rs.getInt(4)),
                runId);
    }

    @Override
    public List<String> subagentKeys(Tx tx, String fromKey) throws SQLException {
        return tx.list("""
                SELECT DISTINCT r.key FROM run_links l JOIN runs r ON r.id = l.run_id
                WHERE l.from_key = ? AND l.kind = 'subagent' ORDER BY r.key""", rs -> rs.getString(1), fromKey);
    }
}
