package dev.switchboard.search;

import dev.switchboard.auth.Caller;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;

/** The full-text index over live messages (every instance of every live session). */
public interface SearchStore {
    /**
     * Matches of {@code match} (FTS5 query syntax) inside {@code caller}'s grants, best first (bm25).
     *
     * @throws InvalidQueryException when {@code match} is not a valid full-text query
     */
    List<SearchHit> search(Tx tx, String match, SearchQuery query, Caller caller, int limit) throws SQLException;

    /**
     * Indexes up to {@code max} messages appended since the last call, oldest first, and records how far
     * it got. Returns how many it indexed (fewer than {@code max}: nothing is pending any more).
     */
    int indexPending(Tx tx, int max) throws SQLException;

    /** Whether messages are waiting to be indexed. */
    boolean hasPending(Tx tx) throws SQLException;

    /** The full-text engine rejected the query text (syntax, unknown column): the client's error. */
    final class InvalidQueryException extends RuntimeException {
        public InvalidQueryException(String message) {
            super(message, null, false, false);
        }
    }
}
