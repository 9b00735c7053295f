package dev.switchboard.search;

import dev.switchboard.input.Fields;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.transcript.MessageInput;
import java.util.Set;

/**
 * {@code GET /v1/search}: full-text query {@code q} with optional filters; {@code offset} comes from the cursor.
 *
 * @param plain when true, {@code q} is plain words (each quoted, all required) instead of FTS5 syntax
 */
public record SearchQuery(String q, boolean plain, String channel, String agent, String session, String role,
                          int limit, int offset) {

    /** The query parameters of {@code GET /v1/search}: anything else is a 422. */
    public static final Set<String> PARAMETERS = Set.of("q", "syntax", "channel", "agent", "session", "role", "limit", "cursor");

    /** A query and the cursor of the page to read. */
    public record Request(SearchQuery query, String cursor) {}

    /** The query from a query string or an MCP tool's arguments (422 when invalid, or when {@code q} is missing). */
    public static Request read(Fields q) {
        String text = q.string("q", 1024).orElse(null);
        var query = new SearchQuery(
                text,
                q.oneOf("syntax", Set.of("fts", "plain"), "fts").equals("plain"),
                q.string("channel", 64).orElse(null),
                q.string("agent", 64).orElse(null),
                q.string("session", 512).orElse(null),
                q.oneOf("role", MessageInput.ROLES, null),
                q.limit(),
                0);
        String cursor = q.string("cursor", 2048).orElse(null);
        q.check();
        if (text == null || text.isBlank()) throw ProblemException.validation("q", "is required: what to search for");
        return new Request(query, cursor);
    }
}
