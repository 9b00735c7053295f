package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One transaction on one connection, with the connection's prepared statements cached for reuse
 * (SQLite compiles a statement on every prepare; the hot paths run the same dozen statements).
 * Hooks registered with {@link #afterCommit} run only once the transaction is durable, so live
 * events are never published for a write that could still be rolled back.
 */
public final class Tx {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements;
    private final boolean writable;
    private final List<Runnable> afterCommit = new ArrayList<>();

    public Tx(Connection connection, Map<String, PreparedStatement> statements, boolean writable) {
        this.connection = connection;
        this.statements = statements;
        this.writable = writable;
    }

    /** A fresh statement map for a pooled connection. */
    public static Map<String, PreparedStatement> newStatementCache() {
        return new HashMap<>();
    }

    public Connection connection() { return connection; }

    public boolean writable() { return writable; }

    /**
     * A cached prepared statement. The caller must bind <em>every</em> parameter (null included, e.g. with
     * {@code setNull}) and close the result sets it opens, but never the statement itself; the cache owns
     * it and closes it with the connection.
     *
     * <p>Parameters are deliberately not cleared on reuse: sqlite-jdbc's {@code clearParameters()} made a
     * primary-key lookup four times slower (≈ 24 µs instead of ≈ 6 µs, measured), and every store method
     * binds all of its parameters anyway.
     */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /**
     * Closes and forgets every cached statement. Called after a failure: sqlite-jdbc leaves a statement
     * whose step failed unusable ("statement is not executing"), and which one failed is not known here.
     * Failures are rare, so recompiling the handful of statements afterwards costs nothing.
     */
    public void discardStatements() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing a broken statement may fail too; it is dropped either way
            }
        }
        statements.clear();
    }

    public void afterCommit(Runnable hook) {
        if (!writable) throw new IllegalStateException("afterCommit on a read-only transaction");
        afterCommit.add(hook);
    }

    /** Hooks registered so far; the writer takes them after commit (or drops them on rollback). */
    public List<Runnable> drainAfterCommit() {
        var hooks = List.copyOf(afterCommit);
        afterCommit.clear();
        return hooks;
    }

    public int hookCount() { return afterCommit.size(); }

    /** Drops hooks registered after {@code mark}: that part of the transaction was rolled back. */
    public void truncateHooks(int mark) {
        while (afterCommit.size() > mark) afterCommit.removeLast();
    }
}
