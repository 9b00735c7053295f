package dev.switchboard.store.jdbc;

import dev.switchboard.idempotency.IdempotencyStore;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Optional;

final class JdbcIdempotencyStore implements IdempotencyStore {
    @Override
    public Optional<Stored> find(Tx tx, String principal, String key, long notBeforeMillis) throws SQLException {
        return tx.one("SELECT request_hash, status, headers, body FROM idempotency WHERE principal = ? AND key = ? AND created_at >= ?",
                rs -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)),
                principal, key, notBeforeMillis);
    }

    @Override
    public void save(Tx tx, String principal, String key, Stored r, String sessionKey, long atMillis) throws SQLException {
        // An expired record under the same key is overwritten by the new request.
        tx.update("""
                INSERT INTO idempotency (principal, key, request_hash, status, headers, body, created_at, session_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (principal, key) DO UPDATE SET request_hash = excluded.request_hash,
                    status = excluded.status, headers = excluded.headers, body = excluded.body,
                    created_at = excluded.created_at, session_key = excluded.session_key""",
                principal, key, r.requestHash(), r.status(), r.headersJson(), r.body(), atMillis, sessionKey);
    }

    @Override
    public int prune(Tx tx, long beforeMillis) throws SQLException {
        return tx.update("DELETE FROM idempotency WHERE created_at < ?", beforeMillis);
    }
}
