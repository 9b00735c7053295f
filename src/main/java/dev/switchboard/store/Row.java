package dev.switchboard.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the current row of a result set into a value; never advances the cursor. */
@FunctionalInterface
public interface Row<T> {
    T read(ResultSet rs) throws SQLException;
}
