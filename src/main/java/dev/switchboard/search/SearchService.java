package dev.switchboard.search;

import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.paging.Cursor;
import dev.switchboard.paging.Page;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.store.Database;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search over message text (SQLite FTS5; the text is what {@code transcript.MessageText}
 * extracts, so tool names and tool results are found too). Results are ranked by bm25 and limited to
 * the caller's channel/agent grants in SQL, so a token never sees, or counts, a hit outside them.
 *
 * <p>Pages: the cursor holds an offset into the ranking. Ranking depends on the whole index, so
 * messages appended between two page requests can shift a hit across a page boundary; search results
 * are a view, not a stable list.
 */
public final class SearchService {
    /** Deep pages cost as much as all pages before them; nobody reads past this many hits. */
    public static final int MAX_OFFSET = 10_000;

    private final Database db;
    private final SearchStore store;
    private final SearchIndexer indexer;

    public SearchService(Database db, SearchStore store, SearchIndexer indexer) {
        this.db = db;
        this.store = store;
        this.indexer = indexer;
    }

    public Page<SearchHit> search(Caller caller, SearchQuery query, String cursor) {
        caller.require(Scope.TRANSCRIPTS_READ);
        String match = query.plain() ? plain(query.q()) : query.q();
        if (match.isBlank()) throw ProblemException.validation("q", "must contain at least one word");
        int offset = 0;
        if (cursor != null) offset = (int) Cursor.decode(cursor, "search").position();
        if (offset > MAX_OFFSET) throw ProblemException.validation("cursor", "search pages end after " + MAX_OFFSET + " hits");
        var q = new SearchQuery(query.q(), query.plain(), query.channel(), query.agent(), query.session(), query.role(),
                query.limit(), offset);
        indexer.catchUp(); // so a search finds every message appended before it
        List<SearchHit> hits;
        try {
            hits = db.read(tx -> store.search(tx, match, q, caller, query.limit() + 1));
        } catch (SearchStore.InvalidQueryException e) {
            throw ProblemException.validation("q", e.getMessage());
        }
        int nextOffset = offset + query.limit();
        return Page.trim(hits, query.limit(), last -> {
            return Cursor.at(nextOffset).encode("search");
        });
    }

    /** Plain words → an FTS5 query that requires each word literally: {@code don't} → {@code "don't"}. */
    static String plain(String q) {
        var terms = new ArrayList<String>();
        for (String word : q.trim().split("\\s+")) {
            if (!word.isEmpty()) terms.add("\"" + word.replace("\"", "\"\"") + "\"");
        }
        return String.join(" ", terms);
    }
}
