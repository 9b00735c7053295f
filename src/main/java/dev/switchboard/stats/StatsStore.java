package dev.switchboard.stats;

import dev.switchboard.auth.Caller;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.Map;

/** The counts of {@link Stats}, each one grouped query with the caller's grants applied in SQL. */
public interface StatsStore {
    /** Sessions grouped by {@code column}: {@code status}, {@code channel} or {@code agent}. */
    Map<String, Long> sessionsBy(Tx tx, String column, Caller caller) throws SQLException;

    Map<String, Long> runsByStatus(Tx tx, Caller caller) throws SQLException;

    long messages(Tx tx, Caller caller) throws SQLException;

    long events(Tx tx, Caller caller) throws SQLException;
}
