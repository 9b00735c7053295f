package dev.switchboard.store.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.store.Tx;
import dev.switchboard.token.Token;
import dev.switchboard.token.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class SqliteTokenStore implements TokenStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = "id, name, kind, scopes, channels, agents, plugins, session_key, parent_id, "
            + "created_at, expires_at, revoked_at, last_used_at";

    @Override
    public void insert(Tx tx, Token t, String secretHash) throws SQLException {
        PreparedStatement ps = tx.prepare("INSERT INTO tokens (" + COLUMNS + ", secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setString(1, t.id());
        ps.setString(2, t.name());
        ps.setString(3, t.kind());
        ps.setString(4, Json.write(t.scopes()));
        Rows.setString(ps, 5, t.channels() == null ? null : Json.write(t.channels()));
        Rows.setString(ps, 6, t.agents() == null ? null : Json.write(t.agents()));
        Rows.setString(ps, 7, t.plugins() == null ? null : Json.write(t.plugins()));
        Rows.setString(ps, 8, t.sessionKey());
        Rows.setString(ps, 9, t.parentId());
        ps.setLong(10, t.createdAt().toEpochMilli());
        Rows.setLong(ps, 11, Rows.millis(t.expiresAt()));
        Rows.setLong(ps, 12, Rows.millis(t.revokedAt()));
        Rows.setLong(ps, 13, Rows.millis(t.lastUsedAt()));
        ps.setString(14, secretHash);
        ps.executeUpdate();
    }

    @Override
    public Optional<Token> findByHash(Tx tx, String secretHash) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT " + COLUMNS + " FROM tokens WHERE secret_hash = ?");
        ps.setString(1, secretHash);
        return one(ps);
    }

    @Override
    public Optional<Token> find(Tx tx, String id) throws SQLException {
        PreparedStatement ps = tx.prepare("SELECT " + COLUMNS + " FROM tokens WHERE id = ?");
        ps.setString(1, id);
        return one(ps);
    }

    @Override
    public Page<Token> list(Tx tx, boolean includeRevoked, int limit, String cursor) throws SQLException {
        String after = cursor == null ? "" : Cursor.decode(cursor, "tokens").path("id").asText();
        PreparedStatement ps = tx.prepare("SELECT " + COLUMNS + " FROM tokens WHERE kind = 'api' AND id > ?"
                + (includeRevoked ? "" : " AND revoked_at IS NULL") + " ORDER BY id LIMIT ?");
        ps.setString(1, after);
        ps.setInt(2, limit + 1);
        var items = new ArrayList<Token>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) items.add(read(rs));
        }
        return Page.trim(items, limit, last -> {
            ObjectNode pos = Cursor.position("tokens");
            pos.put("id", last.id());
            return Cursor.encode(pos);
        });
    }

    @Override
    public List<String> revoke(Tx tx, String id, Instant at) throws SQLException {
        var ids = new ArrayList<String>();
        PreparedStatement find = tx.prepare("SELECT id FROM tokens WHERE (id = ? OR parent_id = ?) AND revoked_at IS NULL");
        find.setString(1, id);
        find.setString(2, id);
        try (ResultSet rs = find.executeQuery()) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        PreparedStatement ps = tx.prepare("UPDATE tokens SET revoked_at = ? WHERE (id = ? OR parent_id = ?) AND revoked_at IS NULL");
        ps.setLong(1, at.toEpochMilli());
        ps.setString(2, id);
        ps.setString(3, id);
        ps.executeUpdate();
        return ids;
    }

    @Override
    public boolean anyUsableAdmin(Tx tx, Instant now) throws SQLException {
        PreparedStatement ps = tx.prepare("""
                SELECT 1 FROM tokens WHERE kind = 'api' AND revoked_at IS NULL
                  AND (expires_at IS NULL OR expires_at > ?)
                  AND EXISTS (SELECT 1 FROM json_each(tokens.scopes) WHERE value = 'admin') LIMIT 1""");
        ps.setLong(1, now.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    @Override
    public void touch(Tx tx, String id, Instant at) throws SQLException {
        PreparedStatement ps = tx.prepare("UPDATE tokens SET last_used_at = ? WHERE id = ?");
        ps.setLong(1, at.toEpochMilli());
        ps.setString(2, id);
        ps.executeUpdate();
    }

    private static Optional<Token> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static Token read(ResultSet rs) throws SQLException {
        return new Token(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("kind"),
                strings(rs.getString("scopes")),
                strings(rs.getString("channels")),
                strings(rs.getString("agents")),
                strings(rs.getString("plugins")),
                rs.getString("session_key"),
                rs.getString("parent_id"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "revoked_at"),
                Rows.instant(rs, "last_used_at"));
    }

    private static List<String> strings(String json) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readValue(json, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
