package dev.switchboard.store.sqlite;

import dev.switchboard.auth.Caller;
import dev.switchboard.search.SearchHit;
import dev.switchboard.search.SearchQuery;
import dev.switchboard.search.SearchStore;
import dev.switchboard.store.Tx;
import dev.switchboard.store.jdbc.Conditions;
import dev.switchboard.store.jdbc.JdbcTranscriptStore;
import dev.switchboard.store.jdbc.Rows;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Search over {@code messages_fts} (V2). The MATCH drives the query; messages, instances and sessions
 * are joined by primary keys for the filters and the caller's grants, so hits outside the grants never
 * leave SQL.
 */
final class SqliteSearchStore implements SearchStore {
    /** bm25 is lower-is-better; mid breaks ties so equal scores keep a stable order across pages. */
    private static final String ORDER = " ORDER BY bm25(messages_fts), m.mid LIMIT ? OFFSET ?";

    @Override
    public int indexPending(Tx tx, int max) throws SQLException {
        long from = indexedMid(tx);
        // One statement for the whole chunk: FTS5 tokenizes and merges it in one go (~2 µs a message).
        int indexed = tx.update("""
                INSERT INTO messages_fts (rowid, text)
                SELECT mid, sb_message_text(content, tool_calls) FROM messages WHERE mid > ? ORDER BY mid LIMIT ?""",
                from, max);
        if (indexed == 0) return 0;
        tx.update("""
                UPDATE search_index SET indexed_mid =
                    (SELECT max(mid) FROM (SELECT mid FROM messages WHERE mid > ? ORDER BY mid LIMIT ?)) WHERE id = 1""",
                from, max);
        return indexed;
    }

    @Override
    public boolean hasPending(Tx tx) throws SQLException {
        long indexed = indexedMid(tx);
        return tx.one("SELECT EXISTS (SELECT 1 FROM messages WHERE mid > ?)", rs -> rs.getBoolean(1), indexed).orElse(false);
    }

    private static long indexedMid(Tx tx) throws SQLException {
        return tx.one("SELECT indexed_mid FROM search_index WHERE id = 1", rs -> rs.getLong(1))
                .orElseThrow(() -> new SQLException("search_index has no row: migration V2 did not run"));
    }

    @Override
    public List<SearchHit> search(Tx tx, String match, SearchQuery q, Caller caller, int limit) throws SQLException {
        var where = new ArrayList<String>();
        var params = new ArrayList<Object>();
        where.add("messages_fts MATCH ?");
        params.add(match);
        Conditions.equal(where, params, "s.channel", q.channel());
        Conditions.equal(where, params, "s.agent", q.agent());
        Conditions.equal(where, params, "s.key", q.session());
        Conditions.equal(where, params, "m.role", q.role());
        Conditions.grants(caller, where, params);
        params.add(limit);
        params.add(q.offset());
        String sql = """
                SELECT s.key, m.instance_id, m.seq, m.role, m.created_at,
                       snippet(messages_fts, 0, '**', '**', '…', 16) AS snippet
                FROM messages_fts
                JOIN messages m ON m.mid = messages_fts.rowid
                JOIN instances i ON i.id = m.instance_id
                JOIN sessions s ON s.key = i.key
                WHERE\s""" + String.join(" AND ", where) + ORDER;
        try {
            return tx.list(sql, rs -> new SearchHit(rs.getString("key"), rs.getString("instance_id"), rs.getLong("seq"),
                    rs.getString("role"), rs.getString("snippet"), Rows.instant(rs, "created_at")), params.toArray());
        } catch (SQLiteException e) {
            // sqlite-jdbc leaves a statement whose step failed unusable ("statement is not executing" on
            // its next run); forgetting the cached ones makes the next search compile a fresh one.
            tx.discardStatements();
            // The statement itself is fixed; a plain SQLITE_ERROR here comes from parsing the MATCH text.
            if (e.getResultCode() == SQLiteErrorCode.SQLITE_ERROR) throw new InvalidQueryException(describe(e));
            throw e;
        }
    }

    /** The FTS5 complaint without SQL or driver noise, and how to avoid it. */
    private static String describe(SQLiteException e) {
        String m = e.getMessage();
        int fts = m.indexOf("fts5:");
        String why = fts >= 0 ? m.substring(fts, m.lastIndexOf(')') > fts ? m.lastIndexOf(')') : m.length()) : "not understood";
        if (m.contains("no such column")) why = "a word followed by ':' or '-' reads as a column filter";
        return "is not a valid full-text query (" + why + "); put words with punctuation in double quotes, "
                + "e.g. \"foo-bar\", or pass syntax=plain to search for the words as written";
    }
}
