package dev.switchboard.store.postgres;

import dev.switchboard.auth.Caller;
import dev.switchboard.search.SearchHit;
import dev.switchboard.search.SearchQuery;
import dev.switchboard.search.SearchStore;
import dev.switchboard.store.Tx;
import dev.switchboard.store.jdbc.Conditions;
import dev.switchboard.store.jdbc.Rows;
import dev.switchboard.transcript.MessageText;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Search with PostgreSQL's full text ({@code message_search}: tsvector + GIN, V2), under the same contract as SQLite's
 * FTS5 store: the same extracted text, the same grants in SQL, best first, {@code **} around matches in snippets.
 * The query language is the API's, FTS5's, translated by {@link Fts5Query} (so {@code syntax=plain}, which the
 * service turns into quoted words, and the 422 for a query FTS5 rejects, hold as on SQLite). The {@code simple}
 * configuration: no stemming and no stop words, like FTS5's unicode61 tokenizer (which also folds diacritics; this
 * does not).
 */
final class PostgresSearchStore implements SearchStore {
    private static final String HEADLINE = "StartSel=**, StopSel=**, MaxWords=16, MinWords=4, ShortWord=0, "
            + "MaxFragments=1, FragmentDelimiter=…";

    @Override
    public int indexPending(Tx tx, int max) throws SQLException {
        long from = tx.one("SELECT indexed_mid FROM search_index WHERE id = 1", rs -> rs.getLong(1))
                .orElseThrow(() -> new SQLException("search_index has no row: migration V2 did not run"));
        record Pending(long mid, String content, String toolCalls) {}
        var pending = tx.list("SELECT mid, content, tool_calls FROM messages WHERE mid > ? ORDER BY mid LIMIT ?",
                rs -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3)), from, max);
        if (pending.isEmpty()) return 0;
        for (Pending p : pending) {
            // PostgreSQL text can't hold U+0000, which message content may (it is stored as JSON): the index is derived
            // text, so a space stands in for it rather than one message stopping all indexing.
            String text = text(p.content(), p.toolCalls()).replace('\0', ' ');
            tx.update("INSERT INTO message_search (mid, text, tsv) VALUES (?, ?, to_tsvector('simple', ?))",
                    p.mid(), text, text);
        }
        tx.update("UPDATE search_index SET indexed_mid = ? WHERE id = 1", pending.getLast().mid());
        return pending.size();
    }

    private static String text(String content, String toolCalls) {
        try {
            return MessageText.of(content, toolCalls);
        } catch (RuntimeException e) {
            return content == null ? "" : content; // as on SQLite: index the raw text rather than fail
        }
    }

    @Override
    public boolean hasPending(Tx tx) throws SQLException {
        return tx.one("SELECT EXISTS (SELECT 1 FROM messages WHERE mid > (SELECT indexed_mid FROM search_index WHERE id = 1))",
                rs -> rs.getBoolean(1)).orElse(false);
    }

    @Override
    public List<SearchHit> search(Tx tx, String match, SearchQuery q, Caller caller, int limit) throws SQLException {
        String parse = "to_tsquery('simple', ?)";
        var where = new ArrayList<String>(List.of("ms.tsv @@ query.q"));
        var params = new ArrayList<Object>(List.of(Fts5Query.toTsquery(match)));
        Conditions.equal(where, params, "s.channel", q.channel());
        Conditions.equal(where, params, "s.agent", q.agent());
        Conditions.equal(where, params, "s.key", q.session());
        Conditions.equal(where, params, "m.role", q.role());
        Conditions.grants(caller, where, params);
        params.add(limit);
        params.add(q.offset());
        String sql = "WITH query AS (SELECT " + parse + " AS q) "
                + "SELECT s.key, m.instance_id, m.seq, m.role, m.created_at, ts_headline('simple', ms.text, query.q, '"
                + HEADLINE + "') AS snippet FROM query CROSS JOIN message_search ms "
                + "JOIN messages m ON m.mid = ms.mid JOIN instances i ON i.id = m.instance_id JOIN sessions s ON s.key = i.key "
                + "WHERE " + String.join(" AND ", where)
                // mid breaks ties so equal ranks keep a stable order across pages.
                + " ORDER BY ts_rank(ms.tsv, query.q) DESC, m.mid LIMIT ? OFFSET ?";
        return tx.list(sql, rs -> new SearchHit(rs.getString("key"), rs.getString("instance_id"), rs.getLong("seq"),
                rs.getString("role"), rs.getString("snippet"), Rows.instant(rs, "created_at")), params.toArray());
    }
}
