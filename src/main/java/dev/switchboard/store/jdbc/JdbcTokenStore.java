package dev.switchboard.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.json.Json;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.store.Tx;
import dev.switchboard.token.Token;
import dev.switchboard.token.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcTokenStore implements TokenStore {
    private final String anyUsableAdmin;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = "id, name, kind, scopes, channels, agents, plugins, session_key, parent_id, "
            + "created_at, expires_at, revoked_at, last_used_at";

    JdbcTokenStore(Dialect dialect) {
        this.anyUsableAdmin = """
                SELECT 1 FROM tokens WHERE kind = 'api' AND revoked_at IS NULL
                  AND (expires_at IS NULL OR expires_at > ?) AND %s LIMIT 1"""
                .formatted(dialect.jsonArrayContains("tokens.scopes", "admin"));
    }

    @Override
    public void insert(Tx tx, Token t, String secretHash) throws SQLException {
        tx.update("INSERT INTO tokens (" + COLUMNS + ", secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(), t.name(), t.kind(), Json.write(t.scopes()), jsonOrNull(t.channels()), jsonOrNull(t.agents()),
                jsonOrNull(t.plugins()), t.sessionKey(), t.parentId(), t.createdAt(), t.expiresAt(), t.revokedAt(),
                t.lastUsedAt(), secretHash);
    }

    private static String jsonOrNull(List<String> values) {
        return values == null ? null : Json.write(values);
    }

    @Override
    public Optional<Token> findByHash(Tx tx, String secretHash) throws SQLException {
        return tx.one("SELECT " + COLUMNS + " FROM tokens WHERE secret_hash = ?", JdbcTokenStore::read, secretHash);
    }

    @Override
    public Optional<Token> find(Tx tx, String id) throws SQLException {
        return tx.one("SELECT " + COLUMNS + " FROM tokens WHERE id = ?", JdbcTokenStore::read, id);
    }

    @Override
    public Page<Token> list(Tx tx, boolean includeRevoked, int limit, String cursor) throws SQLException {
        String after = cursor == null ? "" : Cursor.decode(cursor, "tokens").id();
        var items = tx.list("SELECT " + COLUMNS + " FROM tokens WHERE kind = 'api' AND id > ?"
                + (includeRevoked ? "" : " AND revoked_at IS NULL") + " ORDER BY id LIMIT ?",
                JdbcTokenStore::read, after, limit + 1);
        return Page.trim(items, limit, last -> new Cursor(0, last.id()).encode("tokens"));
    }

    @Override
    public List<String> revoke(Tx tx, String id, Instant at) throws SQLException {
        var ids = tx.list("SELECT id FROM tokens WHERE (id = ? OR parent_id = ?) AND revoked_at IS NULL",
                rs -> rs.getString(1), id, id);
        tx.update("UPDATE tokens SET revoked_at = ? WHERE (id = ? OR parent_id = ?) AND revoked_at IS NULL", at, id, id);
        return ids;
    }

    @Override
    public boolean anyUsableAdmin(Tx tx, Instant now) throws SQLException {
        return tx.one(anyUsableAdmin, rs -> true, now).isPresent();
    }

    @Override
    public void touch(Tx tx, String id, Instant at) throws SQLException {
        tx.update("UPDATE tokens SET last_used_at = ? WHERE id = ?", at, id);
    }

    @Override
    public int deleteExpiredStreamTokens(Tx tx, Instant now) throws SQLException {
        return tx.update("DELETE FROM tokens WHERE kind = 'stream' AND expires_at <= ?", now);
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
