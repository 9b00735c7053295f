package dev.switchboard.store.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveStore;
import dev.switchboard.directive.Priority;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.store.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class SqliteDirectiveStore implements DirectiveStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = """
            d.id, d.session_key, d.target_channel, d.target_agent, d.content, d.priority, d.tags, d.mission_id,
            d.expires_at, d.created_at, d.acked_at, d.ack_result""";
    /** Addressed to session ?1 directly, or through a target matching its channel ?2 and agent ?3. */
    private static final String FOR_SESSION = """
            SELECT %s, dd.delivered_at, dd.run_id FROM directives d
            LEFT JOIN directive_deliveries dd ON dd.directive_id = d.id AND dd.session_key = ?1
            WHERE (d.session_key = ?1 OR (d.session_key IS NULL
                   AND (d.target_channel IS NULL OR d.target_channel = ?2)
                   AND (d.target_agent IS NULL OR d.target_agent = ?3)))""".formatted(COLUMNS);
    private static final String PENDING = " AND d.acked_at IS NULL AND (d.expires_at IS NULL OR d.expires_at > ?4)"
            + " AND dd.directive_id IS NULL";

    @Override
    public void insert(Tx tx, Directive d, String createdBy) throws SQLException {
        PreparedStatement ps = tx.prepare("""
                INSERT INTO directives (id, session_key, target_channel, target_agent, content, priority, tags, mission_id,
                    expires_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        ps.setString(1, d.id());
        Rows.setString(ps, 2, d.sessionKey());
        Rows.setString(ps, 3, d.target() == null ? null : d.target().channel());
        Rows.setString(ps, 4, d.target() == null ? null : d.target().agent());
        ps.setString(5, d.content());
        ps.setInt(6, d.priority().rank());
        ps.setString(7, Json.write(d.tags()));
        Rows.setString(ps, 8, d.missionId());
        Rows.setLong(ps, 9, Rows.millis(d.expiresAt()));
        ps.setLong(10, d.createdAt().toEpochMilli());
        Rows.setString(ps, 11, createdBy);
        ps.executeUpdate();
    }

    @Override
    public Optional<Directive> find(Tx tx, String id, Instant now) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT " + COLUMNS + ", NULL AS delivered_at, NULL AS run_id FROM directives d WHERE d.id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs, now)) : Optional.empty();
        }
    }

    @Override
    public Page<Directive> forSession(Tx tx, String key, String channel, String agent, boolean pendingOnly, Instant now,
                                      int limit, String cursor) throws SQLException {
        String sql = FOR_SESSION + (pendingOnly ? PENDING : " AND ?4 = ?4");
        if (cursor != null) sql += " AND (d.created_at, d.id) > (?5, ?6)";
        sql += " ORDER BY d.created_at, d.id LIMIT ?7";
        PreparedStatement ps = tx.prepare(sql);
        bindSession(ps, key, channel, agent, now);
        if (cursor != null) {
            ObjectNode pos = Cursor.decode(cursor, "directives");
            ps.setLong(5, pos.path("t").asLong());
            ps.setString(6, pos.path("id").asText());
        }
        ps.setInt(7, limit + 1);
        return KeysetPages.of(readAll(ps, now), limit, "directives", Directive::createdAt, Directive::id);
    }

    @Override
    public List<Directive> pending(Tx tx, String key, String channel, String agent, Instant now) throws SQLException {
        PreparedStatement ps = tx.prepare(FOR_SESSION + PENDING + " ORDER BY d.priority DESC, d.created_at, d.id");
        bindSession(ps, key, channel, agent, now);
        return readAll(ps, now);
    }

    private static void bindSession(PreparedStatement ps, String key, String channel, String agent, Instant now)
            throws SQLException {
        ps.setString(1, key);
        Rows.setString(ps, 2, channel);
        Rows.setString(ps, 3, agent);
        ps.setLong(4, now.toEpochMilli());
    }

    @Override
    public boolean recordDelivery(Tx tx, String directiveId, String key, String runId, String via, Instant at)
            throws SQLException {
        PreparedStatement ps = tx.prepare("""
                INSERT INTO directive_deliveries (directive_id, session_key, run_id, via, delivered_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
        ps.setString(1, directiveId);
        ps.setString(2, key);
        ps.setString(3, runId);
        ps.setString(4, via);
        ps.setLong(5, at.toEpochMilli());
        return ps.executeUpdate() == 1;
    }

    @Override
    public void ack(Tx tx, String id, Instant at, String resultJson) throws SQLException {
        PreparedStatement ps = tx.prepare("UPDATE directives SET acked_at = ?, ack_result = ? WHERE id = ? AND acked_at IS NULL");
        ps.setLong(1, at.toEpochMilli());
        Rows.setString(ps, 2, resultJson);
        ps.setString(3, id);
        ps.executeUpdate();
    }

    private static List<Directive> readAll(PreparedStatement ps, Instant now) throws SQLException {
        var out = new ArrayList<Directive>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(read(rs, now));
        }
        return out;
    }

    private static Directive read(ResultSet rs, Instant now) throws SQLException {
        String channel = rs.getString("target_channel");
        String agent = rs.getString("target_agent");
        Instant expires = Rows.instant(rs, "expires_at");
        Instant acked = Rows.instant(rs, "acked_at");
        Instant delivered = Rows.instant(rs, "delivered_at");
        List<String> tags;
        try {
            tags = Json.MAPPER.readValue(rs.getString("tags"), STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("stored directive tags are unreadable", e);
        }
        return new Directive(
                rs.getString("id"),
                rs.getString("session_key"),
                channel == null && agent == null ? null : new Directive.Target(channel, agent),
                rs.getString("content"),
                Priority.ofRank(rs.getInt("priority")),
                tags,
                rs.getString("mission_id"),
                expires,
                Rows.instant(rs, "created_at"),
                Directive.statusAt(now, acked, expires, delivered),
                delivered,
                rs.getString("run_id"),
                acked,
                rs.getString("ack_result"));
    }
}
