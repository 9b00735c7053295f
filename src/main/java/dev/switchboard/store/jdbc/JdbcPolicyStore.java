package dev.switchboard.store.jdbc;

import dev.switchboard.session.PolicyStore;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Optional;

final class JdbcPolicyStore implements PolicyStore {
    @Override
    public Optional<String> load(Tx tx) throws SQLException {
        return tx.one("SELECT document FROM policy_overrides WHERE id = 1", rs -> rs.getString(1));
    }

    @Override
    public void save(Tx tx, String documentJson, long atMillis, String updatedBy) throws SQLException {
        tx.update("""
                INSERT INTO policy_overrides (id, document, updated_at, updated_by) VALUES (1, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by""",
                documentJson, atMillis, updatedBy);
    }
}
