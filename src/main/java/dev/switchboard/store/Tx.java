package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One transaction on one connection, and the one way stores run SQL: {@link #one}, {@link #list} and
 * {@link #update} prepare (through the connection's {@link StatementCache}), bind every parameter, execute and
 * map, so no store repeats that sequence or forgets a parameter or a result set.
 * Hooks registered with {@link #afterCommit} run only once the transaction is durable, so live
 * events are never published for a write that could still be rolled back.
 */
public final class Tx {
    private final Connection connection;
    private final StatementCache statements;
    private final boolean writable;
    private final List<Runnable> afterCommit = new ArrayList<>();
    // Per sink, the items its hand-over hook will pass on; filled by afterCommit hooks, so rollbacks drop theirs.
    private final Map<CommitSink<?>, List<Object>> collected = new IdentityHashMap<>();
    private final List<Runnable> barriers = new ArrayList<>();

    public Tx(Connection connection, StatementCache statements, boolean writable) {
        this.connection = connection;
        this.statements = statements;
        this.writable = writable;
    }

    public Connection connection() { return connection; }

    public boolean writable() { return writable; }

    /** The first row {@code sql} selects, read by {@code row}, or empty. */
    public <T> Optional<T> one(String sql, Row<T> row, Object... params) throws SQLException {
        try (ResultSet rs = execute(sql, params)) {
            return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
        }
    }

    /** Every row {@code sql} selects, in order, read by {@code row}. */
    public <T> List<T> list(String sql, Row<T> row, Object... params) throws SQLException {
        var out = new ArrayList<T>();
        try (ResultSet rs = execute(sql, params)) {
            while (rs.next()) out.add(row.read(rs));
        }
        return out;
    }

    /** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
    public int update(String sql, Object... params) throws SQLException {
        return bound(sql, params).executeUpdate();
    }

    private ResultSet execute(String sql, Object[] params) throws SQLException {
        return bound(sql, params).executeQuery();
    }

    private PreparedStatement bound(String sql, Object[] params) throws SQLException {
        StatementCache.Prepared p = statements.prepare(connection, sql);
        Params.bind(p.statement(), p.parameters(), params);
        return p.statement();
    }

    /** Forgets the connection's cached statements after a failure (see {@link StatementCache#clear}). */
    public void discardStatements() {
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
