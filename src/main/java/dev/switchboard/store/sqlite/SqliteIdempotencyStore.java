package dev.switchboard.store.sqlite;

import dev.switchboard.idempotency.IdempotencyStore;
import dev.switchboard.store.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

final class SqliteIdempotencyStore implements IdempotencyStore {
    @Override
    public Optional<Stored> find(Tx tx, String principal, String key, long notBeforeMillis) throws SQLException {
        PreparedStatement ps = tx.prepare(
                "SELECT request_hash, status, headers, body FROM idempotency WHERE principal = ? AND key = ? AND created_at >= ?");
        ps.setString(1, principal);
        ps.setString(2, key);
        ps.setLong(3, notBeforeMillis);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            return Optional.of(new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
        }
    }

    @Override
    public void save(Tx tx, String principal, String key, Stored r, String sessionKey, long atMillis) throws SQLException {
        // REPLACE: an expired record under the same key is overwritten by the new request.
        PreparedStatement ps = tx.prepare("""
                INSERT OR REPLACE INTO idempotency (principal, key, request_hash, status, headers, body, created_at,
                    session_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""");
        ps.setString(1, principal);
        ps.setString(2, key);
        ps.setString(3, r.requestHash());
        ps.setInt(4, r.status());
        ps.setString(5, r.headersJson());
        ps.setString(6, r.body());
        ps.setLong(7, atMillis);
        Rows.setString(ps, 8, sessionKey);
        ps.executeUpdate();
    }

    @Override
    public int prune(Tx tx, long beforeMillis) throws SQLException {
        PreparedStatement ps = tx.prepare("DELETE FROM idempotency WHERE created_at < ?");
        ps.setLong(1, beforeMillis);
        return ps.executeUpdate();
    }
}
