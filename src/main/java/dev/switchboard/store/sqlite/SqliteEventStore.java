package dev.switchboard.store.sqlite;

import dev.switchboard.event.Event;
import dev.switchboard.event.EventStore;
import dev.switchboard.event.EventType;
import dev.switchboard.store.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Events on SQLite. Sequence numbers come from the AUTOINCREMENT key: with one writer, allocation
 * order is commit order, and a rolled-back savepoint gives its numbers back before anyone saw them.
 */
final class SqliteEventStore implements EventStore {
    @Override
    public Event append(Tx tx, EventType type, String key, String channel, String agent, long atMillis, String dataJson)
            throws SQLException {
        PreparedStatement ps = tx.prepare(
                "INSERT INTO events (type, key, channel, agent, at, data) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq");
        ps.setString(1, type.wire());
        Rows.setString(ps, 2, key);
        Rows.setString(ps, 3, channel);
        Rows.setString(ps, 4, agent);
        ps.setLong(5, atMillis);
        ps.setString(6, dataJson);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Event(rs.getLong(1), type, key, channel, agent, Instant.ofEpochMilli(atMillis), dataJson);
        }
    }
}
