package dev.switchboard.store.jdbc;

import dev.switchboard.archive.ArchiveEntry;
import dev.switchboard.archive.ArchiveStore;
import dev.switchboard.archive.Removal;
import dev.switchboard.session.Instance;
import dev.switchboard.session.Session;
import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The archive on SQLite. Moves are {@code INSERT ... SELECT} then {@code DELETE} inside the caller's
 * transaction, so a crash leaves either the live rows or the archived ones, never both or neither.
 * The full-text index follows the deletes through the triggers on {@code messages}.
 */
final class JdbcArchiveStore implements ArchiveStore {
    private final Dialect dialect;

    JdbcArchiveStore(Dialect dialect) {
        this.dialect = dialect;
    }

    private static final String MESSAGE_COLUMNS =
            "instance_id, seq, id, role, content, name, tool_call_id, tool_calls, usage, metadata, created_at";
    private static final String INSTANCE_COLUMNS = """
            id, created_at, ended_at, end_reason, last_seq, message_count, input_tokens, output_tokens,
            cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd""";
    private static final String ENTRY_COLUMNS = "id, kind, key, agent, channel, instance_id, after_seq, reason, run_id, "
            + "session, message_count, archived_at, archived_by";
    private static final String OF_KEY = "SELECT id FROM instances WHERE key = ?";
    /** Erased events keep their row (and seq) so streams stay contiguous; this is all that is left of them. */
    static final String PURGED_DATA = "{\"purged\":true}";

    @Override
    public void archiveSession(Tx tx, String id, Session s, String sessionJson, long atMillis, String by)
            throws SQLException {
        long count = tx.update("INSERT INTO archive_messages (archive_id, " + MESSAGE_COLUMNS + ") SELECT ?, "
                + MESSAGE_COLUMNS + " FROM messages WHERE instance_id IN (" + OF_KEY + ")", id, s.key());
        tx.update("INSERT INTO archive_instances (archive_id, " + INSTANCE_COLUMNS + ") SELECT ?, " + INSTANCE_COLUMNS
                + " FROM instances WHERE key = ?", id, s.key());
        insertEntry(tx, id, ArchiveEntry.SESSION, s, null, null, null, sessionJson, count, atMillis, by);
        tx.update("DELETE FROM messages WHERE instance_id IN (" + OF_KEY + ")", s.key());
        tx.update("DELETE FROM instances WHERE key = ?", s.key());
        tx.update("DELETE FROM sessions WHERE key = ?", s.key());
    }

    @Override
    public Removed archiveMessagesAfter(Tx tx, String id, Session s, long afterSeq, Removal why, long atMillis)
            throws SQLException {
        Removed removed = tx.one("SELECT count(*), " + JdbcUsageStore.sums(dialect, "usage")
                + " FROM messages WHERE instance_id = ? AND seq > ?",
                rs -> new Removed(rs.getLong(1), new UsageTotals(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getDouble(7))), s.id(), afterSeq).orElseThrow();
        if (removed.count() == 0) return removed;
        tx.update("INSERT INTO archive_messages (archive_id, " + MESSAGE_COLUMNS + ") SELECT ?, " + MESSAGE_COLUMNS
                + " FROM messages WHERE instance_id = ? AND seq > ?", id, s.id(), afterSeq);
        insertEntry(tx, id, ArchiveEntry.MESSAGES, s, s.id(), afterSeq, why, null, removed.count(), atMillis, why.by());
        tx.update("DELETE FROM messages WHERE instance_id = ? AND seq > ?", s.id(), afterSeq);
        UsageTotals u = removed.usage();
        // Cost is rounded to 1e-12 USD so that subtracting what was added leaves 0, not float residue.
        tx.update("""
                UPDATE instances SET message_count = message_count - ?, last_seq = ?,
                    input_tokens = input_tokens - ?, output_tokens = output_tokens - ?,
                    cache_read_tokens = cache_read_tokens - ?, cache_write_tokens = cache_write_tokens - ?,
                    reasoning_tokens = reasoning_tokens - ?, cost_usd = %s
                WHERE id = ?""".formatted(dialect.round("cost_usd - ?", 12)), removed.count(), afterSeq, u.inputTokens(), u.outputTokens(), u.cacheReadTokens(),
                u.cacheWriteTokens(), u.reasoningTokens(), u.costUsd(), s.id());
        return removed;
    }

    @Override
    public Optional<List<String>> purge(Tx tx, String key) throws SQLException {
        long found = tx.update("DELETE FROM sessions WHERE key = ?", key);
        tx.update("DELETE FROM messages WHERE instance_id IN (" + OF_KEY + ")", key);
        tx.update("DELETE FROM instances WHERE key = ?", key);
        tx.update("DELETE FROM archive_messages WHERE archive_id IN (SELECT id FROM archive WHERE key = ?)", key);
        tx.update("DELETE FROM archive_instances WHERE archive_id IN (SELECT id FROM archive WHERE key = ?)", key);
        found += tx.update("DELETE FROM archive WHERE key = ?", key);
        List<String> runIds = tx.list("SELECT id FROM runs WHERE key = ?", rs -> rs.getString(1), key);
        tx.update("DELETE FROM run_leases WHERE run_id IN (SELECT id FROM runs WHERE key = ?)", key);
        tx.update("DELETE FROM runs WHERE key = ?", key);
        tx.update("DELETE FROM directive_deliveries WHERE session_key = ?", key);
        tx.update("DELETE FROM directives WHERE session_key = ?", key);
        tx.update("DELETE FROM checkpoints WHERE key = ?", key); // summaries are transcript content
        // Each stored response names the session it is about (Reply.aboutSession); those about no session
        // (a directive to a channel) hold nothing of this one.
        tx.update("DELETE FROM idempotency WHERE session_key = ?", key);
        tx.update("UPDATE events SET data = ? WHERE key = ?", PURGED_DATA, key);
        return found > 0 || !runIds.isEmpty() ? Optional.of(runIds) : Optional.empty();
    }

    @Override
    public Optional<ArchiveEntry> newestOf(Tx tx, String key) throws SQLException {
        List<ArchiveEntry> e = list(tx, key, null, null, null, null, 1);
        return e.isEmpty() ? Optional.empty() : Optional.of(e.getFirst());
    }

    @Override
    public List<ArchiveEntry> list(Tx tx, String key, String kind, String reason, Long beforeAt, String beforeId,
                                   int limit) throws SQLException {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        if (key != null) {
            where.add("key = ?");
            params.add(key);
        }
        if (kind != null) {
            where.add("kind = ?");
            params.add(kind);
        }
        if (reason != null) {
            where.add("reason = ?");
            params.add(reason);
        }
        if (beforeAt != null) {
            where.add("(archived_at, id) < (?, ?)");
            params.add(beforeAt);
            params.add(beforeId);
        }
        params.add(limit);
        return tx.list("SELECT " + ENTRY_COLUMNS + " FROM archive"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY archived_at DESC, id DESC LIMIT ?", JdbcArchiveStore::readEntry, params.toArray());
    }

    @Override
    public Optional<ArchiveEntry> find(Tx tx, String id) throws SQLException {
        return tx.one("SELECT " + ENTRY_COLUMNS + " FROM archive WHERE id = ?", JdbcArchiveStore::readEntry, id);
    }

    @Override
    public List<Instance> instances(Tx tx, String archiveId) throws SQLException {
        return tx.list("SELECT " + INSTANCE_COLUMNS + " FROM archive_instances WHERE archive_id = ? ORDER BY created_at, id",
                rs -> new Instance(rs.getString("id"), Rows.instant(rs, "created_at"), Rows.instant(rs, "ended_at"),
                        rs.getString("end_reason"), rs.getLong("message_count"), rs.getLong("last_seq"),
                        JdbcLifecycleStore.usage(rs), false), archiveId);
    }

    @Override
    public List<Message> messages(Tx tx, String archiveId, String instanceId, String afterInstance, long afterSeq,
                                  int limit) throws SQLException {
        return tx.list("SELECT " + MESSAGE_COLUMNS + " FROM archive_messages WHERE archive_id = ?"
                + " AND (CAST(? AS TEXT) IS NULL OR instance_id = ?) AND (instance_id, seq) > (?, ?) ORDER BY instance_id, seq LIMIT ?",
                JdbcTranscriptStore::read, archiveId, instanceId, instanceId, afterInstance, afterSeq, limit);
    }

    private static void insertEntry(Tx tx, String id, String kind, Session s, String instanceId, Long afterSeq,
                                    Removal why, String sessionJson, long count, long atMillis, String by)
            throws SQLException {
        tx.update("INSERT INTO archive (" + ENTRY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, kind, s.key(), s.agent(), s.channel(), instanceId, afterSeq,
                why == null ? null : why.reason().wire(), why == null ? null : why.runId(), sessionJson, count, atMillis, by);
    }

    private static ArchiveEntry readEntry(ResultSet rs) throws SQLException {
        long afterSeq = rs.getLong("after_seq");
        Long after = rs.wasNull() ? null : afterSeq;
        return new ArchiveEntry(rs.getString("id"), rs.getString("kind"), rs.getString("key"), rs.getString("agent"),
                rs.getString("channel"), rs.getString("instance_id"), after, rs.getString("reason"), rs.getString("run_id"),
                rs.getLong("message_count"),
                Rows.instant(rs, "archived_at"), rs.getString("archived_by"), rs.getString("session"), null);
    }
}
