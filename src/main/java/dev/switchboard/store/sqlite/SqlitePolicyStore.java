package dev.switchboard.store.sqlite;

import dev.switchboard.session.PolicyStore;
import dev.switchboard.store.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

final class SqlitePolicyStore implements PolicyStore {
    @Override
    public Optional<String> load(Tx tx) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT document FROM policy_overrides WHERE id = 1");
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    @Override
    public void save(Tx tx, String documentJson, long atMillis, String updatedBy) throws SQLException {
        PreparedStatement ps = tx.prepare("""
                INSERT INTO policy_overrides (id, document, updated_at, updated_by) VALUES (1, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by""");
        ps.setString(1, documentJson);
        ps.setLong(2, atMillis);
        Rows.setString(ps, 3, updatedBy);
        ps.executeUpdate();
    }
}
