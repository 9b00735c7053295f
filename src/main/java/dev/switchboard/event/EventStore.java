package dev.switchboard.event;

import dev.switchboard.store.Tx;
import java.sql.SQLException;

/** Persistence of the event log. Implementations must hand out commit-ordered, never-reused sequence numbers. */
public interface EventStore {
    Event append(Tx tx, EventType type, String key, String channel, String agent, long atMillis, String dataJson)
            throws SQLException;
}
