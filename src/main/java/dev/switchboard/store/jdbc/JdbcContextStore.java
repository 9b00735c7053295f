package dev.switchboard.store.jdbc;

import dev.switchboard.context.ContextStore;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.SizedMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Sized message reads on the {@code (instance_id, seq)} key; portable SQL. */
public final class JdbcContextStore implements ContextStore {
    private static final String COLUMNS = "seq, id, instance_id, role, content, name, tool_call_id, tool_calls, usage, "
            + "metadata, created_at, tokens, tokens_through";

    @Override
    public InstanceTail tail(Tx tx, String instanceId) throws SQLException {
        return tx.one("""
                SELECT i.last_seq, coalesce(m.tokens_through, 0) FROM instances i
                LEFT JOIN messages m ON m.instance_id = i.id AND m.seq = i.last_seq WHERE i.id = ?""",
                rs -> new InstanceTail(rs.getLong(1), rs.getLong(2)), instanceId).orElse(new InstanceTail(0, 0));
    }

    @Override
    public long tokensThrough(Tx tx, String instanceId, long seq) throws SQLException {
        if (seq < 1) return 0;
        return tx.one("SELECT tokens_through FROM messages WHERE instance_id = ? AND seq = ?", rs -> rs.getLong(1),
                instanceId, seq).orElse(0L);
    }

    @Override
    public List<SizedMessage> newestFirst(Tx tx, String instanceId, long fromSeq, long beforeSeq, int limit)
            throws SQLException {
        return tx.list("SELECT " + COLUMNS + " FROM messages WHERE instance_id = ? AND seq >= ? AND seq < ?"
                + " ORDER BY seq DESC LIMIT ?", JdbcContextStore::read, instanceId, fromSeq, beforeSeq, limit);
    }

    @Override
    public List<SizedMessage> range(Tx tx, String instanceId, long fromSeq, long toSeq, int limit) throws SQLException {
        return tx.list("SELECT " + COLUMNS + " FROM messages WHERE instance_id = ? AND seq >= ? AND seq <= ?"
                + " ORDER BY seq ASC LIMIT ?", JdbcContextStore::read, instanceId, fromSeq, toSeq, limit);
    }

    static SizedMessage read(ResultSet rs) throws SQLException {
        return new SizedMessage(JdbcTranscriptStore.read(rs), rs.getLong("tokens"), rs.getLong("tokens_through"));
    }
}
