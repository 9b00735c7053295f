package dev.switchboard.store.postgres;

import dev.switchboard.store.jdbc.Dialect;

/**
 * PostgreSQL's spelling of the fragments that differ. JSON columns stay {@code text} (they hold exactly what the API
 * returns, as on SQLite) and are cast to {@code jsonb} where a report reads inside them.
 */
public final class PostgresDialect implements Dialect {
    @Override
    public String jsonNumber(String column, String field) {
        // numeric: sums of token counts stay exact integers (getLong), cost sums read as double.
        return "(" + column + "::jsonb ->> '" + field + "')::numeric";
    }

    @Override
    public String storeSizeQuery() {
        return "SELECT pg_database_size(current_database())";
    }

    @Override
    public String jsonText(String column, String field) {
        return "(" + column + "::jsonb ->> '" + field + "')";
    }

    @Override
    public String jsonArrayContains(String column, String literal) {
        // @> rather than the ? operator, which JDBC would take for a parameter.
        return "(" + column + "::jsonb @> '[\"" + literal + "\"]'::jsonb)";
    }

    @Override
    public String greatest(String a, String b) {
        return "GREATEST(" + a + ", " + b + ")";
    }

    @Override
    public String utcDay(String millisColumn) {
        return "to_char(to_timestamp(" + millisColumn + " / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
    }

    @Override
    public String round(String expr, int digits) {
        return "round((" + expr + ")::numeric, " + digits + ")::double precision";
    }

    @Override
    public String likeIgnoringCase() {
        return "ILIKE";
    }

    @Override
    public String forUpdate() {
        return " FOR UPDATE";
    }
}
