package dev.switchboard.store.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.run.OnActive;
import dev.switchboard.run.Run;
import dev.switchboard.run.RunStatus;
import dev.switchboard.run.RunStore;
import dev.switchboard.store.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class SqliteRunStore implements RunStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = """
            id, key, instance_id, agent, status, on_active, priority, created_at, started_at, ended_at, exit_code, error,
            input, input_seq, pid, pid_started_at, output_offset, abort_requested_at, abort_reason, rollback, usage, directives""";
    /** Running first, then the queue in order; the index on (key, status) keeps this a short scan. */
    private static final String QUEUE_ORDER = "ORDER BY (status = 'running') DESC, priority DESC, created_at, id";

    @Override
    public void insert(Tx tx, Run r) throws SQLException {
        PreparedStatement ps = tx.prepare("INSERT INTO runs (" + COLUMNS + ") VALUES ("
                + Rows.placeholders(22) + ")");
        ps.setString(1, r.id());
        ps.setString(2, r.key());
        ps.setString(3, r.instance());
        ps.setString(4, r.agent());
        ps.setString(5, r.status().wire());
        ps.setString(6, r.onActive().wire());
        ps.setInt(7, r.priority());
        ps.setLong(8, r.createdAt().toEpochMilli());
        bindMutable(ps, r, 9, true);
        ps.executeUpdate();
    }

    /** Binds started_at … directives in COLUMNS order; {@code input} is written on insert only (it never changes). */
    private static void bindMutable(PreparedStatement ps, Run r, int from, boolean withInput) throws SQLException {
        int i = from;
        Rows.setLong(ps, i++, Rows.millis(r.startedAt()));
        Rows.setLong(ps, i++, Rows.millis(r.endedAt()));
        if (r.exitCode() == null) ps.setNull(i++, Types.INTEGER);
        else ps.setInt(i++, r.exitCode());
        Rows.setString(ps, i++, r.error());
        if (withInput) Rows.setString(ps, i++, r.input());
        Rows.setLong(ps, i++, r.inputSeq());
        Rows.setLong(ps, i++, r.pid());
        Rows.setLong(ps, i++, r.pidStartedAt());
        ps.setLong(i++, r.outputOffset());
        Rows.setLong(ps, i++, Rows.millis(r.abortRequestedAt()));
        Rows.setString(ps, i++, r.abortReason());
        ps.setInt(i++, r.rollback() ? 1 : 0);
        Rows.setString(ps, i++, r.usage());
        Rows.setString(ps, i, r.directives() == null || r.directives().isEmpty() ? null : Json.write(r.directives()));
    }

    @Override
    public void update(Tx tx, Run r) throws SQLException {
        PreparedStatement ps = tx.prepare("""
                UPDATE runs SET started_at = ?, ended_at = ?, exit_code = ?, error = ?, input_seq = ?, pid = ?,
                    pid_started_at = ?, output_offset = ?, abort_requested_at = ?, abort_reason = ?, rollback = ?,
                    usage = ?, directives = ?, status = ?
                WHERE id = ?""");
        bindMutable(ps, r, 1, false);
        ps.setString(14, r.status().wire());
        ps.setString(15, r.id());
        if (ps.executeUpdate() != 1) throw new SQLException("run " + r.id() + " vanished during update");
    }

    @Override
    public Optional<Run> find(Tx tx, String id) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT " + COLUMNS + " FROM runs WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    @Override
    public List<Run> active(Tx tx, String key) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT " + COLUMNS + " FROM runs WHERE key = ? AND status IN ('queued', 'running') "
                + QUEUE_ORDER);
        ps.setString(1, key);
        return readAll(ps);
    }

    @Override
    public Page<Run> listForSession(Tx tx, String key, int limit, String cursor) throws SQLException {
        String where = "key = ?";
        long beforeCreated = Long.MAX_VALUE;
        String beforeId = "";
        if (cursor != null) {
            ObjectNode pos = Cursor.decode(cursor, "runs");
            where += " AND (created_at, id) < (?, ?)";
            beforeCreated = pos.path("t").asLong();
            beforeId = pos.path("id").asText();
        }
        PreparedStatement ps = tx.prepare("SELECT " + COLUMNS + " FROM runs WHERE " + where
                + " ORDER BY created_at DESC, id DESC LIMIT ?");
        ps.setString(1, key);
        int i = 2;
        if (cursor != null) {
            ps.setLong(i++, beforeCreated);
            ps.setString(i++, beforeId);
        }
        ps.setInt(i, limit + 1);
        return KeysetPages.of(readAll(ps), limit, "runs", Run::createdAt, Run::id);
    }

    @Override
    public List<String> keysWithActiveRuns(Tx tx) throws SQLException {
        var out = new ArrayList<String>();
        try (ResultSet rs = tx.prepare("SELECT DISTINCT key FROM runs WHERE status IN ('queued', 'running')").executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Override
    public List<Run> withStatus(Tx tx, RunStatus status) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT " + COLUMNS + " FROM runs WHERE status = ? ORDER BY created_at, id");
        ps.setString(1, status.wire());
        return readAll(ps);
    }

    private static List<Run> readAll(PreparedStatement ps) throws SQLException {
        var out = new ArrayList<Run>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(read(rs));
        }
        return out;
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
                rs.getInt("rollback") != 0);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
