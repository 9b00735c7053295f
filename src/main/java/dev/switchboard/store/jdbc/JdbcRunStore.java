package dev.switchboard.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.json.Json;
import dev.switchboard.auth.Caller;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.run.OnActive;
import dev.switchboard.run.Run;
import dev.switchboard.run.RunOptions;
import dev.switchboard.run.RunQuery;
import dev.switchboard.run.RunStatus;
import dev.switchboard.run.RunStore;
import dev.switchboard.store.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcRunStore implements RunStore {
    private final Dialect dialect;

    JdbcRunStore(Dialect dialect) {
        this.dialect = dialect;
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = """
            id, key, instance_id, agent, status, on_active, priority, created_at, started_at, ended_at, exit_code, error,
            input, input_seq, pid, pid_started_at, output_offset, abort_requested_at, abort_reason, rollback, usage, directives,
            launch, last_activity_at, workdir, timeout_seconds, metadata, expects_report""";
    /** Running first, then the queue in order; the index on (key, status) keeps this a short scan. */
    private static final String QUEUE_ORDER = "ORDER BY (status = 'running') DESC, priority DESC, created_at, id";

    @Override
    public void insert(Tx tx, Run r) throws SQLException {
        var values = new ArrayList<Object>(List.of(r.id(), r.key(), r.instance(), r.agent(), r.status().wire(),
                r.onActive().wire(), r.priority(), r.createdAt()));
        values.addAll(mutable(r, true));
        RunOptions o = r.options();
        // last_activity_at only ever moves forward, by touchActivity: update() leaves it alone, so a run written
        // from an older snapshot can't set it back.
        values.addAll(java.util.Arrays.asList(r.lastActivityAt(), o.workdir(), o.timeoutSeconds(), o.metadata(), o.expectsReport()));
        tx.update("INSERT INTO runs (" + COLUMNS + ") VALUES (" + Rows.placeholders(28) + ")", values.toArray());
    }

    /** started_at … directives in COLUMNS order; {@code input} is written on insert only (it never changes). */
    private static List<Object> mutable(Run r, boolean withInput) {
        var v = new ArrayList<Object>(14);
        v.add(r.startedAt());
        v.add(r.endedAt());
        v.add(r.exitCode());
        v.add(r.error());
        if (withInput) v.add(r.input());
        v.add(r.inputSeq());
        v.add(r.pid());
        v.add(r.pidStartedAt());
        v.add(r.outputOffset());
        v.add(r.abortRequestedAt());
        v.add(r.abortReason());
        v.add(r.rollback() ? 1 : 0);
        v.add(r.usage());
        v.add(r.directives() == null || r.directives().isEmpty() ? null : Json.write(r.directives()));
        v.add(r.launch());
        return v;
    }

    @Override
    public void update(Tx tx, Run r) throws SQLException {
        var values = mutable(r, false);
        values.add(r.status().wire());
        values.add(r.id());
        int changed = tx.update("""
                UPDATE runs SET started_at = ?, ended_at = ?, exit_code = ?, error = ?, input_seq = ?, pid = ?,
                    pid_started_at = ?, output_offset = ?, abort_requested_at = ?, abort_reason = ?, rollback = ?,
                    usage = ?, directives = ?, launch = ?, status = ?
                WHERE id = ?""", values.toArray());
        if (changed != 1) throw new SQLException("run " + r.id() + " vanished during update");
    }

    @Override
    public void touchActivity(Tx tx, String id, long atMillis) throws SQLException {
        tx.update("UPDATE runs SET last_activity_at = ? WHERE id = ?", atMillis, id);
    }

    @Override
    public Optional<Run> find(Tx tx, String id) throws SQLException {
        return tx.one("SELECT " + COLUMNS + " FROM runs WHERE id = ?", JdbcRunStore::read, id);
    }

    @Override
    public List<Run> active(Tx tx, String key) throws SQLException {
        return tx.list("SELECT " + COLUMNS + " FROM runs WHERE key = ? AND status IN ('queued', 'running') " + QUEUE_ORDER,
                JdbcRunStore::read, key);
    }

    @Override
    public Page<Run> listForSession(Tx tx, String key, RunQuery q) throws SQLException {
        Cursor before = q.cursor() == null ? new Cursor(Long.MAX_VALUE, "") : Cursor.decode(q.cursor(), "runs");
        var where = new ArrayList<>(List.of("key = ?", "(created_at, id) < (?, ?)"));
        var params = new ArrayList<Object>(List.of(key, before.position(), before.id()));
        metadataFilter(q, "metadata", where, params);
        params.add(q.limit() + 1);
        var runs = tx.list("SELECT " + COLUMNS + " FROM runs WHERE " + String.join(" AND ", where)
                        + " ORDER BY created_at DESC, id DESC LIMIT ?",
                JdbcRunStore::read, params.toArray());
        return Page.trim(runs, q.limit(), last -> new Cursor(last.createdAt().toEpochMilli(), last.id()).encode("runs"));
    }

    /**
     * {@code metadata.<field> = value} for each filter, compared as text. Field names are spliced into the JSON path:
     * {@link RunQuery} admits only letters, digits and '_' there; values are bound.
     */
    private void metadataFilter(RunQuery q, String column, List<String> where, List<Object> params) {
        for (var e : new java.util.TreeMap<>(q.metadata()).entrySet()) {
            where.add("CAST(" + dialect.jsonText(column, e.getKey()) + " AS TEXT) = ?");
            params.add(e.getValue());
        }
    }

    /** The columns for a query that joins sessions (several names are in both tables). */
    private static final String R_COLUMNS = java.util.Arrays.stream(COLUMNS.split(","))
            .map(c -> "r." + c.strip()).collect(java.util.stream.Collectors.joining(", "));

    @Override
    public Page<Run> list(Tx tx, RunQuery q, Caller caller) throws SQLException {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        Conditions.equal(where, params, "r.status", q.status());
        Conditions.equal(where, params, "r.agent", q.agent());
        Conditions.equal(where, params, "r.key", q.session());
        Conditions.equal(where, params, "s.parent_key", q.parentKey());
        metadataFilter(q, "r.metadata", where, params);
        Conditions.grants(caller, where, params);
        if (q.cursor() != null) {
            Cursor before = Cursor.decode(q.cursor(), "runs:all");
            where.add("(r.created_at, r.id) < (?, ?)");
            params.add(before.position());
            params.add(before.id());
        }
        params.add(q.limit() + 1);
        // Runs of deleted sessions are left out: their grants can't be checked any more.
        var runs = tx.list("SELECT " + R_COLUMNS + " FROM runs r JOIN sessions s ON s.key = r.key"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY r.created_at DESC, r.id DESC LIMIT ?", JdbcRunStore::read, params.toArray());
        return Page.trim(runs, q.limit(), last -> new Cursor(last.createdAt().toEpochMilli(), last.id()).encode("runs:all"));
    }

    @Override
    public void refreshActiveRun(Tx tx, String key) throws SQLException {
        String json = null;
        List<Run> active = active(tx, key);
        if (!active.isEmpty()) {
            Run head = active.getFirst();
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("id", head.id());
            m.put("status", head.status().wire());
            m.put("agent", head.agent());
            m.put("started_at", head.startedAt() == null ? null : Json.time(head.startedAt()));
            json = Json.write(m);
        }
        tx.update("UPDATE sessions SET active_run = ? WHERE key = ?", json, key);
    }

    @Override
    public List<String> keysWithActiveRuns(Tx tx) throws SQLException {
        return tx.list("SELECT DISTINCT key FROM runs WHERE status IN ('queued', 'running')", rs -> rs.getString(1));
    }

    @Override
    public List<Run> withStatus(Tx tx, RunStatus status) throws SQLException {
        return tx.list("SELECT " + COLUMNS + " FROM runs WHERE status = ? ORDER BY created_at, id", JdbcRunStore::read,
                status.wire());
    }

    private static Run read(ResultSet rs) throws SQLException {
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        String directives = rs.getString("directives");
        List<String> ids;
        try {
            ids = directives == null ? List.of() : Json.MAPPER.readValue(directives, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("stored directive ids are unreadable", e);
        }
        return new Run(
                rs.getString("id"),
                rs.getString("key"),
                rs.getString("instance_id"),
                rs.getString("agent"),
                RunStatus.fromWire(rs.getString("status")),
                OnActive.fromWire(rs.getString("on_active")),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "started_at"),
                Rows.instant(rs, "ended_at"),
                exitCode,
                rs.getString("error"),
                nullableLong(rs, "input_seq"),
                nullableLong(rs, "pid"),
                Rows.instant(rs, "abort_requested_at"),
                rs.getString("abort_reason"),
                rs.getString("usage"),
                ids,
                rs.getInt("priority"),
                rs.getString("input"),
                nullableLong(rs, "pid_started_at"),
                rs.getLong("output_offset"),
                rs.getInt("rollback") != 0,
                rs.getString("launch"),
                new RunOptions(rs.getString("workdir"), nullableInt(rs, "timeout_seconds"), rs.getString("metadata"),
                        rs.getString("expects_report")),
                Rows.instant(rs, "last_activity_at"));
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
