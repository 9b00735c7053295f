package dev.switchboard.search;

/**
 * {@code GET /v1/search}: full-text query {@code q} with optional filters; {@code offset} comes from the cursor.
 *
 * @param plain when true, {@code q} is plain words (each quoted, all required) instead of FTS5 syntax
 */
public record SearchQuery(String q, boolean plain, String channel, String agent, String session, String role,
                          int limit, int offset) {}
