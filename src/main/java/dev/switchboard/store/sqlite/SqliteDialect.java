package dev.switchboard.store.sqlite;

import dev.switchboard.store.jdbc.Dialect;

/** SQLite's JSON1 functions and scalar {@code max}; no row locks (one writer thread does every write). */
public final class SqliteDialect implements Dialect {
    @Override
    public String jsonNumber(String column, String field) {
        return "json_extract(" + column + ", '$." + field + "')";
    }

    @Override
    public String storeSizeQuery() {
        // Pages in use and free pages both occupy the file (SQLite reuses free pages; the file only shrinks by VACUUM).
        return "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
    }

    @Override
    public String jsonText(String column, String field) {
        return "json_extract(" + column + ", '$." + field + "')";
    }

    @Override
    public String jsonArrayContains(String column, String literal) {
        return "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE value = '" + literal + "')";
    }

    @Override
    public String greatest(String a, String b) {
        return "max(" + a + ", " + b + ")";
    }

    @Override
    public String utcDay(String millisColumn) {
        return "strftime('%Y-%m-%d', " + millisColumn + " / 1000, 'unixepoch')";
    }

    @Override
    public String round(String expr, int digits) {
        return "round(" + expr + ", " + digits + ")";
    }

    @Override
    public String likeIgnoringCase() {
        return "LIKE";
    }

    @Override
    public String forUpdate() {
        return "";
    }
}
