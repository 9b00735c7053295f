package dev.switchboard.store.sqlite;

import dev.switchboard.session.UsageTotals;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.TranscriptStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class SqliteTranscriptStore implements TranscriptStore {
    private static final String COLUMNS =
            "seq, id, instance_id, role, content, name, tool_call_id, tool_calls, usage, metadata, created_at";

    @Override
    public Optional<AppendTarget> appendTarget(Tx tx, String key) throws SQLException {
        PreparedStatement ps = tx.prepare("""
                SELECT s.instance_id, s.channel, s.agent, s.status, i.last_seq
                FROM sessions s JOIN instances i ON i.id = s.instance_id WHERE s.key = ?""");
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return Optional.empty();
            return Optional.of(new AppendTarget(key, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getLong(5)));
        }
    }

    @Override
    public void insert(Tx tx, List<Message> messages) throws SQLException {
        PreparedStatement ps = tx.prepare("INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (Message m : messages) {
            ps.setLong(1, m.seq());
            ps.setString(2, m.id());
            ps.setString(3, m.instance());
            ps.setString(4, m.role());
            Rows.setString(ps, 5, m.content());
            Rows.setString(ps, 6, m.name());
            Rows.setString(ps, 7, m.toolCallId());
            Rows.setString(ps, 8, m.toolCalls());
            Rows.setString(ps, 9, m.usage());
            Rows.setString(ps, 10, m.metadata());
            ps.setLong(11, m.createdAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    @Override
    public void addToInstance(Tx tx, String instanceId, int count, UsageTotals u, long lastSeq) throws SQLException {
        PreparedStatement ps = tx.prepare("""
                UPDATE instances SET message_count = message_count + ?, last_seq = ?,
                    input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
                    cache_read_tokens = cache_read_tokens + ?, cache_write_tokens = cache_write_tokens + ?,
                    reasoning_tokens = reasoning_tokens + ?, cost_usd = cost_usd + ?
                WHERE id = ?""");
        ps.setInt(1, count);
        ps.setLong(2, lastSeq);
        ps.setLong(3, u.inputTokens());
        ps.setLong(4, u.outputTokens());
        ps.setLong(5, u.cacheReadTokens());
        ps.setLong(6, u.cacheWriteTokens());
        ps.setLong(7, u.reasoningTokens());
        ps.setDouble(8, u.costUsd());
        ps.setString(9, instanceId);
        ps.executeUpdate();
    }

    @Override
    public List<Message> list(Tx tx, String instanceId, Long afterSeq, Long beforeSeq, int limit, boolean descending)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM messages WHERE instance_id = ? AND seq > ? AND seq < ? ORDER BY seq "
                + (descending ? "DESC" : "ASC") + " LIMIT ?";
        PreparedStatement ps = tx.prepare(sql);
        ps.setString(1, instanceId);
        ps.setLong(2, afterSeq == null ? 0 : afterSeq);
        ps.setLong(3, beforeSeq == null ? Long.MAX_VALUE : beforeSeq);
        ps.setInt(4, limit);
        var out = new ArrayList<Message>(Math.min(limit, 512));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(read(rs));
        }
        return out;
    }

    @Override
    public Optional<String> instanceKey(Tx tx, String instanceId) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT key FROM instances WHERE id = ?");
        ps.setString(1, instanceId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    static Message read(ResultSet rs) throws SQLException {
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
