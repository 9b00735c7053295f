package dev.switchboard.store.jdbc;

import dev.switchboard.compaction.Checkpoint;
import dev.switchboard.compaction.CheckpointStatus;
import dev.switchboard.compaction.CheckpointStore;
import dev.switchboard.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checkpoints, in portable SQL (the same statements run on SQLite and PostgreSQL). */
public final class JdbcCheckpointStore implements CheckpointStore {
    private static final String COLUMNS = """
            id, key, instance_id, strategy, status, triggered_by, previous_id, first_kept_seq, from_seq, to_seq, to_id,
            kept_to_seq, keep_last, summary, summary_usage, summary_tokens, tokens_before, tokens_after, agent,
            instructions, error, pid, pid_started_at, created_at, completed_at, created_by""";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM checkpoints";

    @Override
    public void insert(Tx tx, Checkpoint c) throws SQLException {
        tx.update("INSERT INTO checkpoints (" + COLUMNS + ") VALUES (" + Rows.placeholders(26) + ")",
                c.id(), c.key(), c.instance(), c.strategy(), c.status().wire(), c.trigger(), c.previousId(),
                c.firstKeptSeq(), c.fromSeq(), c.toSeq(), c.toId(), c.keptToSeq(), c.keepLast(), c.summaryText(),
                c.summaryUsage(), c.summaryTokens(), c.tokensBefore(), c.tokensAfter(), c.agent(), c.instructions(),
                c.error(), c.pid(), c.pidStartedAt(), c.createdAt(), c.completedAt(), c.createdBy());
    }

    @Override
    public void update(Tx tx, Checkpoint c) throws SQLException {
        tx.update("""
                UPDATE checkpoints SET status = ?, first_kept_seq = ?, to_seq = ?, to_id = ?, summary = ?, summary_usage = ?,
                    summary_tokens = ?, tokens_after = ?, error = ?, pid = ?, pid_started_at = ?, completed_at = ?
                WHERE id = ?""",
                c.status().wire(), c.firstKeptSeq(), c.toSeq(), c.toId(), c.summaryText(), c.summaryUsage(),
                c.summaryTokens(), c.tokensAfter(), c.error(), c.pid(), c.pidStartedAt(), c.completedAt(), c.id());
    }

    @Override
    public Optional<Checkpoint> find(Tx tx, String id) throws SQLException {
        return tx.one(SELECT + " WHERE id = ?", JdbcCheckpointStore::read, id);
    }

    @Override
    public Optional<Checkpoint> current(Tx tx, String instanceId) throws SQLException {
        return tx.one(SELECT + " WHERE instance_id = ? AND status = 'active'", JdbcCheckpointStore::read, instanceId);
    }

    @Override
    public List<Checkpoint> list(Tx tx, String key, String instanceId, String beforeId, int limit) throws SQLException {
        // Two statements rather than "? IS NULL OR …": an untyped null parameter is an error on PostgreSQL.
        if (beforeId == null) {
            return tx.list(SELECT + " WHERE instance_id = ? AND key = ? ORDER BY id DESC LIMIT ?", JdbcCheckpointStore::read,
                    instanceId, key, limit);
        }
        return tx.list(SELECT + " WHERE instance_id = ? AND key = ? AND id < ? ORDER BY id DESC LIMIT ?",
                JdbcCheckpointStore::read, instanceId, key, beforeId, limit);
    }

    @Override
    public List<Checkpoint> running(Tx tx) throws SQLException {
        return tx.list(SELECT + " WHERE status = 'running' ORDER BY id", JdbcCheckpointStore::read);
    }

    @Override
    public List<Checkpoint> recentAuto(Tx tx, String instanceId, int limit) throws SQLException {
        return tx.list(SELECT + " WHERE instance_id = ? AND triggered_by = 'auto' ORDER BY id DESC LIMIT ?",
                JdbcCheckpointStore::read, instanceId, limit);
    }

    @Override
    public List<String> setStatusFrom(Tx tx, String instanceId, String fromId, List<CheckpointStatus> from,
                                      CheckpointStatus to) throws SQLException {
        var params = new ArrayList<Object>(List.of(instanceId, fromId));
        from.forEach(s -> params.add(s.wire()));
        String where = " WHERE instance_id = ? AND id >= ? AND status IN (" + Rows.placeholders(from.size()) + ")";
        List<String> ids = tx.list("SELECT id FROM checkpoints" + where + " ORDER BY id", rs -> rs.getString(1), params.toArray());
        params.addFirst(to.wire());
        tx.update("UPDATE checkpoints SET status = ?" + where, params.toArray());
        return ids;
    }

    @Override
    public List<String> markStale(Tx tx, String instanceId, long afterSeq) throws SQLException {
        String where = " WHERE instance_id = ? AND to_seq > ? AND status IN ('active', 'superseded')";
        List<String> ids = tx.list("SELECT id FROM checkpoints" + where + " ORDER BY id", rs -> rs.getString(1), instanceId, afterSeq);
        if (!ids.isEmpty()) tx.update("UPDATE checkpoints SET status = 'stale'" + where, instanceId, afterSeq);
        return ids;
    }

    @Override
    public Optional<Checkpoint> newestSuperseded(Tx tx, String instanceId, String beforeId) throws SQLException {
        String newest = " ORDER BY id DESC LIMIT 1";
        if (beforeId == null) {
            return tx.one(SELECT + " WHERE instance_id = ? AND status = 'superseded'" + newest, JdbcCheckpointStore::read,
                    instanceId);
        }
        return tx.one(SELECT + " WHERE instance_id = ? AND status = 'superseded' AND id < ?" + newest,
                JdbcCheckpointStore::read, instanceId, beforeId);
    }

    /**
     * One row per session: the context starts at the active checkpoint's first kept seq (or 1); its tokens are the
     * summary's plus two running totals; its oldest message is the one at that seq. Point lookups only.
     */
    private static final String SIZES = """
            SELECT s.key, s.instance_id, i.last_seq, coalesce(c.first_kept_seq, 1) AS from_seq,
                   coalesce(c.summary_tokens, 0) AS summary_tokens, coalesce(ml.tokens_through, 0) AS through_last,
                   coalesce(mb.tokens_through, 0) AS through_before, mf.created_at AS oldest
            FROM sessions s JOIN instances i ON i.id = s.instance_id
            LEFT JOIN checkpoints c ON c.instance_id = s.instance_id AND c.status = 'active'
            LEFT JOIN messages ml ON ml.instance_id = s.instance_id AND ml.seq = i.last_seq
            LEFT JOIN messages mb ON mb.instance_id = s.instance_id AND mb.seq = coalesce(c.first_kept_seq, 1) - 1
            LEFT JOIN messages mf ON mf.instance_id = s.instance_id AND mf.seq = coalesce(c.first_kept_seq, 1)""";

    @Override
    public List<ContextSize> contextSizes(Tx tx, String afterKey, long minLastSeq, int limit) throws SQLException {
        return tx.list(SIZES + " WHERE s.key > ? AND s.status <> 'ended' AND s.compaction_id IS NULL AND i.last_seq >= ?"
                + " ORDER BY s.key LIMIT ?", JdbcCheckpointStore::size, afterKey, minLastSeq, limit);
    }

    @Override
    public Optional<ContextSize> contextSize(Tx tx, String key) throws SQLException {
        return tx.one(SIZES + " WHERE s.key = ?", JdbcCheckpointStore::size, key);
    }

    private static ContextSize size(ResultSet rs) throws SQLException {
        long lastSeq = rs.getLong("last_seq");
        long from = rs.getLong("from_seq");
        long tokens = rs.getLong("summary_tokens") + rs.getLong("through_last") - rs.getLong("through_before");
        return new ContextSize(rs.getString("key"), rs.getString("instance_id"), lastSeq, Math.max(0, lastSeq - from + 1),
                tokens, Rows.instant(rs, "oldest"));
    }

    private static Checkpoint read(ResultSet rs) throws SQLException {
        long after = rs.getLong("tokens_after");
        Long tokensAfter = rs.wasNull() ? null : after;
        long pid = rs.getLong("pid");
        Long pidOrNull = rs.wasNull() ? null : pid;
        long pidStart = rs.getLong("pid_started_at");
        Long pidStartOrNull = rs.wasNull() ? null : pidStart;
        return new Checkpoint(rs.getString("id"), rs.getString("key"), rs.getString("instance_id"), rs.getString("strategy"),
                CheckpointStatus.fromWire(rs.getString("status")), rs.getString("triggered_by"), rs.getString("previous_id"),
                rs.getLong("first_kept_seq"), rs.getLong("from_seq"), rs.getLong("to_seq"), rs.getString("to_id"),
                rs.getLong("kept_to_seq"), rs.getInt("keep_last"), rs.getString("summary"), rs.getString("summary_usage"),
                rs.getLong("summary_tokens"), rs.getLong("tokens_before"), tokensAfter, rs.getString("agent"),
                rs.getString("instructions"), rs.getString("error"), pidOrNull, pidStartOrNull,
                Rows.instant(rs, "created_at"), Rows.instant(rs, "completed_at"), rs.getString("created_by"));
    }
}
