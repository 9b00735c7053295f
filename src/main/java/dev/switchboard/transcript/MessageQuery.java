package dev.switchboard.transcript;

import dev.switchboard.input.Fields;
import java.util.Set;

/**
 * {@code GET /v1/sessions/{key}/messages}: which instance (null = current), a seq window, and order.
 */
public record MessageQuery(String instance, Long afterSeq, Long beforeSeq, int limit, boolean descending, String cursor) {

    /** The window from a query string, a WebSocket call's params or an MCP tool's arguments (422 when invalid). */
    public static MessageQuery read(Fields q) {
        var query = new MessageQuery(
                q.string("instance", 64).orElse(null),
                q.integer("after_seq", 0, Long.MAX_VALUE).orElse(null),
                q.integer("before_seq", 1, Long.MAX_VALUE).orElse(null),
                q.limit(),
                q.oneOf("order", Set.of("asc", "desc"), "asc").equals("desc"),
                q.string("cursor", 2048).orElse(null));
        q.check();
        return query;
    }
}
