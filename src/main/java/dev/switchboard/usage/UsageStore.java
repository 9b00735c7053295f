package dev.switchboard.usage;

import dev.switchboard.auth.Caller;
import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;

/** Aggregates messages' usage of live sessions over a time range. */
public interface UsageStore {
    /** Groups ordered by their name; {@code groupBy} is one of {@link UsageService#GROUPS}. */
    List<UsageRow> aggregate(Tx tx, long fromMillis, long toMillis, String groupBy, Caller caller) throws SQLException;
}
