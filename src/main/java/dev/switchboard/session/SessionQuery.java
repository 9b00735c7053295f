package dev.switchboard.session;

import java.time.Instant;

/**
 * Filters and position of {@code GET /v1/sessions}.
 *
 * @param order one of {@code updated_desc} (default), {@code updated_asc}, {@code created_desc}, {@code created_asc}
 * @param q     case-insensitive substring of title or key
 */
public record SessionQuery(
        String status,
        String channel,
        String agent,
        String userId,
        String q,
        Instant updatedAfter,
        String order,
        int limit,
        String cursor) {}
