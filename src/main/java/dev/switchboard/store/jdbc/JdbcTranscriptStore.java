package dev.switchboard.store.jdbc;

import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.SizedMessage;
import dev.switchboard.transcript.TranscriptStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class JdbcTranscriptStore implements TranscriptStore {
    private static final String COLUMNS =
            "seq, id, instance_id, role, content, name, tool_call_id, tool_calls, usage, metadata, created_at";
    private static final String INSERT = "INSERT INTO messages (" + COLUMNS + ", tokens, tokens_through)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final String appendTarget;

    JdbcTranscriptStore(Dialect dialect) {
        // Locked: the append writes last_seq + n back, so a concurrent append must read it after this one commits.
        // The running token total through the last message is one more primary-key lookup (the message at last_seq),
        // a scalar subquery so that the lock covers only the session and instance rows.
        this.appendTarget = """
                SELECT s.instance_id, s.channel, s.agent, s.status, i.last_seq,
                       coalesce((SELECT m.tokens_through FROM messages m WHERE m.instance_id = i.id AND m.seq = i.last_seq), 0)
                FROM sessions s JOIN instances i ON i.id = s.instance_id WHERE s.key = ?""" + dialect.forUpdate();
    }

    @Override
    public Optional<AppendTarget> appendTarget(Tx tx, String key) throws SQLException {
        return tx.one(appendTarget,
                rs -> new AppendTarget(key, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6)),
                key);
    }

    @Override
    public void insert(Tx tx, List<SizedMessage> messages) throws SQLException {
        for (SizedMessage sized : messages) {
            Message m = sized.message();
            tx.update(INSERT, m.seq(), m.id(), m.instance(), m.role(), m.content(), m.name(), m.toolCallId(),
                    m.toolCalls(), m.usage(), m.metadata(), m.createdAt(), sized.tokens(), sized.tokensThrough());
        }
    }

    @Override
    public void setLastPrompt(Tx tx, String instanceId, long tokens) throws SQLException {
        tx.update("UPDATE instances SET last_prompt_tokens = ? WHERE id = ?", tokens, instanceId);
    }

    @Override
    public void addToInstance(Tx tx, String instanceId, int count, UsageTotals u, long lastSeq) throws SQLException {
        tx.update("""
                UPDATE instances SET message_count = message_count + ?, last_seq = ?,
                    input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
                    cache_read_tokens = cache_read_tokens + ?, cache_write_tokens = cache_write_tokens + ?,
                    reasoning_tokens = reasoning_tokens + ?, cost_usd = cost_usd + ?
                WHERE id = ?""",
                count, lastSeq, u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(),
                u.reasoningTokens(), u.costUsd(), instanceId);
    }

    @Override
    public List<Message> list(Tx tx, String instanceId, Long afterSeq, Long beforeSeq, Long sinceMillis, Long untilMillis,
                              int limit, boolean descending) throws SQLException {
        // created_at is the client's time (imports keep theirs), not ordered by seq: a filter on the seq scan.
        String sql = "SELECT " + COLUMNS + " FROM messages WHERE instance_id = ? AND seq > ? AND seq < ?"
                + " AND created_at >= ? AND created_at < ? ORDER BY seq " + (descending ? "DESC" : "ASC") + " LIMIT ?";
        return tx.list(sql, JdbcTranscriptStore::read, instanceId, afterSeq == null ? 0L : afterSeq,
                beforeSeq == null ? Long.MAX_VALUE : beforeSeq, sinceMillis == null ? Long.MIN_VALUE : sinceMillis,
                untilMillis == null ? Long.MAX_VALUE : untilMillis, limit);
    }

    @Override
    public Optional<String> instanceKey(Tx tx, String instanceId) throws SQLException {
        return tx.one("SELECT key FROM instances WHERE id = ?", rs -> rs.getString(1), instanceId);
    }

    public static Message read(ResultSet rs) throws SQLException {
        return new Message(
                rs.getLong("seq"),
                rs.getString("id"),
                rs.getString("instance_id"),
                rs.getString("role"),
                rs.getString("content"),
                rs.getString("name"),
                rs.getString("tool_call_id"),
                rs.getString("tool_calls"),
                rs.getString("usage"),
                rs.getString("metadata"),
                Rows.instant(rs, "created_at"));
    }
}
