package dev.switchboard.session;

import dev.switchboard.input.Fields;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Filters and position of {@code GET /v1/sessions}.
 *
 * @param status    any of these statuses ({@code status=active,idle}); null or empty: any
 * @param order     one of {@code updated_desc} (default), {@code updated_asc}, {@code created_desc}, {@code created_asc}
 * @param q         case-insensitive substring of title or key
 * @param parentKey sessions whose {@code parent_key} is this (subagents, branches)
 * @param pairFrom  pair sessions from this team ({@code pairTo}: to this one)
 */
public record SessionQuery(
        List<String> status,
        String channel,
        String agent,
        String userId,
        String q,
        Instant updatedAfter,
        String order,
        int limit,
        String cursor,
        String parentKey,
        String pairFrom,
        String pairTo) {
    /** The query parameters of the list: anything else is a 422. */
    public static final Set<String> PARAMETERS = Set.of("status", "channel", "agent", "user_id", "q", "updated_after",
            "order", "limit", "cursor", "parent_key", "pair_from", "pair_to");
    private static final Set<String> ORDERS = Set.of("updated_desc", "updated_asc", "created_desc", "created_asc");

    /** The filters from a query string, a WebSocket call's params or an MCP tool's arguments (422 when invalid). */
    public static SessionQuery read(Fields q) {
        var query = new SessionQuery(
                q.oneOfEach("status", Set.of(Session.ACTIVE, Session.IDLE, Session.ENDED)),
                q.string("channel", 64).orElse(null),
                q.string("agent", 64).orElse(null),
                q.string("user_id", 256).orElse(null),
                q.string("q", 256).orElse(null),
                q.time("updated_after").orElse(null),
                q.oneOf("order", ORDERS, "updated_desc"),
                q.limit(),
                q.string("cursor", 2048).orElse(null),
                q.string("parent_key", SessionKeys.MAX_KEY).orElse(null),
                q.string("pair_from", 64).orElse(null),
                q.string("pair_to", 64).orElse(null));
        q.check();
        return query;
    }

    /** Without the parent and pair filters. */
    public SessionQuery(List<String> status, String channel, String agent, String userId, String q, Instant updatedAfter,
                        String order, int limit, String cursor) {
        this(status, channel, agent, userId, q, updatedAfter, order, limit, cursor, null, null, null);
    }

    /** The children of {@code parentKey} ({@code GET /v1/sessions/{key}/children}), newest activity first. */
    public static SessionQuery childrenOf(String parentKey, int limit, String cursor) {
        return new SessionQuery(null, null, null, null, null, null, "updated_desc", limit, cursor, parentKey, null, null);
    }
}
