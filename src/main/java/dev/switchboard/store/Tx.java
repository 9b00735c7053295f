package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
    // Per sink, the items its hand-over hook will pass on; filled by afterCommit hooks, so rollbacks drop theirs.
    private final Map<CommitSink<?>, List<Object>> collected = new IdentityHashMap<>();
    private final List<Runnable> barriers = new ArrayList<>();

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

    /**
     * Hands {@code item} to {@code sink} after commit, in one call together with every other item collected for
     * that sink in this transaction (after every {@link #afterCommit} hook). Items of a unit that rolls back are
     * dropped with its hooks: each item is added to the sink's list by a hook of its own, which the rollback
     * truncates like any other.
     */
    public <T> void collectAfterCommit(CommitSink<T> sink, T item) {
        if (!writable) throw new IllegalStateException("collectAfterCommit on a read-only transaction");
        List<Object> items = collected.computeIfAbsent(sink, s -> new ArrayList<>());
        afterCommit.add(() -> items.add(item));
    }

    /**
     * Hooks registered so far, followed by one hand-over per {@link CommitSink} (which records the sink's
     * barrier, see {@link #drainBarrier}); the writer runs them after commit (or drops them on rollback).
     */
    public List<Runnable> drainAfterCommit() {
        var hooks = new ArrayList<Runnable>(afterCommit.size() + collected.size());
        hooks.addAll(afterCommit);
        collected.forEach((sink, items) -> hooks.add(() -> handOver(sink, items)));
        afterCommit.clear();
        collected.clear();
        return hooks;
    }

    @SuppressWarnings("unchecked")
    private <T> void handOver(CommitSink<T> sink, List<Object> items) {
        if (items.isEmpty()) return; // every unit that collected for it rolled back
        Runnable barrier = sink.committed((List<T>) items);
        if (barrier != null) barriers.add(barrier);
    }

    /**
     * What each caller of this transaction must run on its own thread before its write returns (the barriers
     * the sinks returned, in order), or null; taken once, after the hooks of {@link #drainAfterCommit} ran.
     */
    public Runnable drainBarrier() {
        if (barriers.isEmpty()) return null;
        if (barriers.size() == 1) return barriers.removeFirst();
        var all = List.copyOf(barriers);
        barriers.clear();
        return () -> all.forEach(Runnable::run);
    }

    public int hookCount() { return afterCommit.size(); }

    /** Drops hooks registered after {@code mark}: that part of the transaction was rolled back. */
    public void truncateHooks(int mark) {
        while (afterCommit.size() > mark) afterCommit.removeLast();
    }
}
