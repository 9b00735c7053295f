package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, least recently used first out. SQLite compiles a statement on
 * every prepare (and PostgreSQL plans it), while the hot paths run the same few dozen statements: caching
 * them pays, but list filters build SQL per combination of filters, so the cache is bounded — an evicted
 * statement is closed and simply prepared again when next used.
 *
 * <p>Not thread-safe: a connection, and so its cache, is used by one thread at a time.
 */
public final class StatementCache {
    /** Comfortably above the statements the hot paths use (≈ 60), small enough to bound native memory per connection. */
    static final int CAPACITY = 256;

    /** A cached statement and how many parameters it takes, so every call binds exactly that many. */
    record Prepared(PreparedStatement statement, int parameters) {}

    private final Map<String, Prepared> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Prepared> eldest) {
            if (size() <= CAPACITY) return false;
            closeQuietly(eldest.getValue().statement());
            return true;
        }
    };

    Prepared prepare(Connection connection, String sql) throws SQLException {
        Prepared p = statements.get(sql);
        if (p == null || p.statement().isClosed()) {
            p = new Prepared(connection.prepareStatement(sql), Placeholders.count(sql));
            statements.put(sql, p);
        }
        return p;
    }

    int size() {
        return statements.size();
    }

    /**
     * Closes and forgets every statement. Called after a failure: sqlite-jdbc leaves a statement whose step failed
     * unusable ("statement is not executing"), and which one failed is not known here. Failures are rare, so
     * recompiling the handful of statements afterwards costs nothing.
     */
    public void clear() {
        statements.values().forEach(p -> closeQuietly(p.statement()));
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // closing a broken statement may fail too; it is dropped either way
        }
    }
}
