package dev.switchboard.transcript;

import dev.switchboard.input.Fields;
import java.time.Instant;
import java.util.Set;

/**
 * {@code GET /v1/sessions/{key}/messages}: which instance (null = current), a seq window, a {@code created_at}
 * window ({@code since} inclusive, {@code until} exclusive, like usage's {@code [from, to)}), and order.
 */
public record MessageQuery(String instance, Long afterSeq, Long beforeSeq, Instant since, Instant until, int limit,
                           boolean descending, String cursor) {
    /** The query parameters of the list: anything else is a 422. */
    public static final Set<String> PARAMETERS =
            Set.of("instance", "after_seq", "before_seq", "since", "until", "limit", "order", "cursor");

    /** A seq window only. */
    public MessageQuery(String instance, Long afterSeq, Long beforeSeq, int limit, boolean descending, String cursor) {
        this(instance, afterSeq, beforeSeq, null, null, limit, descending, cursor);
    }

    /** The window from a query string, a WebSocket call's params or an MCP tool's arguments (422 when invalid). */
    public static MessageQuery read(Fields q) {
        var query = new MessageQuery(
                q.string("instance", 64).orElse(null),
                q.integer("after_seq", 0, Long.MAX_VALUE).orElse(null),
                q.integer("before_seq", 1, Long.MAX_VALUE).orElse(null),
                q.time("since").orElse(null),
                q.time("until").orElse(null),
                q.limit(),
                q.oneOf("order", Set.of("asc", "desc"), "asc").equals("desc"),
                q.string("cursor", 2048).orElse(null));
        q.check();
        return query;
    }
}
