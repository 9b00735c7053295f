package dev.switchboard.store.jdbc;

/**
 * The few SQL fragments in which SQLite and PostgreSQL differ, for the stores both run ({@code store/jdbc}).
 * Everything else those stores say is portable SQL: {@code ?} parameters, {@code ON CONFLICT} upserts, row-value
 * comparisons, {@code LIMIT}/{@code OFFSET}. A fragment that differs goes here, named for what it means, never as an
 * {@code if (sqlite)} inside a store.
 */
public interface Dialect {
    /** A number inside a JSON text column ({@code $.field}), NULL when absent. */
    String jsonNumber(String column, String field);

    /** A string inside a JSON text column ({@code $.field}), NULL when absent. */
    String jsonText(String column, String field);

    /** True when the JSON array in a text column holds the string {@code literal} (a constant, not user input). */
    String jsonArrayContains(String column, String literal);

    /** The larger of two values. */
    String greatest(String a, String b);

    /** The UTC calendar day ({@code YYYY-MM-DD}) of an epoch-milliseconds column. */
    String utcDay(String millisColumn);

    /** {@code expr} rounded to {@code digits} decimal places, as a float. */
    String round(String expr, int digits);

    /** The case-insensitive {@code LIKE} operator (SQLite's LIKE already is, for ASCII). */
    String likeIgnoringCase();

    /**
     * What a {@code SELECT} appends to lock the rows it read until the transaction ends: empty where the store's one
     * writer already serialises every write transaction.
     */
    String forUpdate();

    /** A query answering one row: the store's size on disk in bytes (what {@code /metrics} and retention report). */
    String storeSizeQuery();
}
