package dev.switchboard.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveStore;
import dev.switchboard.directive.Priority;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.store.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcDirectiveStore implements DirectiveStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = """
            d.id, d.session_key, d.target_channel, d.target_agent, d.content, d.priority, d.tags, d.mission_id,
            d.expires_at, d.created_at, d.acked_at, d.ack_result, d.source""";
    /**
     * Addressed to the session directly, or through a target matching its channel and agent; parameters
     * {@link #forSession}: key, key, channel, agent.
     */
    private static final String FOR_SESSION = """
            SELECT %s, dd.delivered_at, dd.run_id FROM directives d
            LEFT JOIN directive_deliveries dd ON dd.directive_id = d.id AND dd.session_key = ?
            WHERE (d.session_key = ? OR (d.session_key IS NULL
                   AND (d.target_channel IS NULL OR d.target_channel = ?)
                   AND (d.target_agent IS NULL OR d.target_agent = ?)))""".formatted(COLUMNS);
    /** Not acked, not expired by the parameter's time, not yet delivered to the session. */
    private static final String PENDING = " AND d.acked_at IS NULL AND (d.expires_at IS NULL OR d.expires_at > ?)"
            + " AND dd.directive_id IS NULL";

    @Override
    public void insert(Tx tx, Directive d, String createdBy) throws SQLException {
        tx.update("""
                INSERT INTO directives (id, session_key, target_channel, target_agent, content, priority, tags, mission_id,
                    expires_at, created_at, created_by, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                d.id(), d.sessionKey(), d.target() == null ? null : d.target().channel(),
                d.target() == null ? null : d.target().agent(), d.content(), d.priority().rank(), Json.write(d.tags()),
                d.missionId(), d.expiresAt(), d.createdAt(), createdBy, d.source());
    }

    @Override
    public Optional<Directive> find(Tx tx, String id, Instant now) throws SQLException {
        // A directive addressed to one session carries its delivery to that session, as GET shows it; a broadcast
        // has one delivery per session, so no single one (read it through GET /v1/sessions/{key}/directives).
        return tx.one("SELECT " + COLUMNS + """
                , dd.delivered_at, dd.run_id FROM directives d
                LEFT JOIN directive_deliveries dd ON dd.directive_id = d.id AND dd.session_key = d.session_key
                WHERE d.id = ?""", rs -> read(rs, now), id);
    }

    @Override
    public Page<Directive> forSession(Tx tx, String key, String channel, String agent, boolean pendingOnly, Instant now,
                                      int limit, String cursor) throws SQLException {
        var params = new ArrayList<Object>(List.of(key, key));
        params.add(channel);
        params.add(agent);
        String sql = FOR_SESSION;
        if (pendingOnly) {
            sql += PENDING;
            params.add(now);
        }
        if (cursor != null) {
            Cursor after = Cursor.decode(cursor, "directives");
            sql += " AND (d.created_at, d.id) > (?, ?)";
            params.add(after.position());
            params.add(after.id());
        }
        params.add(limit + 1);
        var items = tx.list(sql + " ORDER BY d.created_at, d.id LIMIT ?", rs -> read(rs, now), params.toArray());
        return Page.trim(items, limit, last -> new Cursor(last.createdAt().toEpochMilli(), last.id()).encode("directives"));
    }

    @Override
    public List<Directive> pending(Tx tx, String key, String channel, String agent, Instant now) throws SQLException {
        return tx.list(FOR_SESSION + PENDING + " ORDER BY d.priority DESC, d.created_at, d.id", rs -> read(rs, now),
                key, key, channel, agent, now);
    }

    @Override
    public boolean recordDelivery(Tx tx, String directiveId, String key, String runId, String via, Instant at)
            throws SQLException {
        return tx.update("""
                INSERT INTO directive_deliveries (directive_id, session_key, run_id, via, delivered_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", directiveId, key, runId, via, at) == 1;
    }

    @Override
    public void ack(Tx tx, String id, Instant at, String resultJson) throws SQLException {
        tx.update("UPDATE directives SET acked_at = ?, ack_result = ? WHERE id = ? AND acked_at IS NULL", at, resultJson, id);
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
                rs.getString("ack_result"),
                rs.getString("source"));
    }
}
