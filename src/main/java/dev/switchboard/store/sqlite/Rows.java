package dev.switchboard.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Null-aware JDBC conversions shared by the SQLite stores (times are epoch milliseconds). */
final class Rows {
    private Rows() {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER);
        else ps.setLong(index, value);
    }

    static void setString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) ps.setNull(index, Types.VARCHAR);
        else ps.setString(index, value);
    }

    /** Binds {@code values} to consecutive parameters starting at {@code index}; returns the next index. */
    static int bindAll(PreparedStatement ps, int index, Iterable<?> values) throws SQLException {
        for (Object v : values) {
            switch (v) {
                case null -> ps.setNull(index, Types.NULL);
                case Long l -> ps.setLong(index, l);
                case Integer i -> ps.setInt(index, i);
                case Double d -> ps.setDouble(index, d);
                default -> ps.setString(index, v.toString());
            }
            index++;
        }
        return index;
    }

    /** {@code ?, ?, ?} for an IN list of {@code n} values. */
    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
