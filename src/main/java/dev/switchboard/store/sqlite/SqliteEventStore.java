package dev.switchboard.store.sqlite;

import dev.switchboard.event.Event;
import dev.switchboard.event.EventType;
import dev.switchboard.store.Tx;
import dev.switchboard.store.jdbc.JdbcEventStore;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Events on SQLite. Sequence numbers are handed out here, by the single writer thread, from a counter
 * seeded with the AUTOINCREMENT high-water mark ({@code sqlite_sequence}): allocation order is commit
 * order, and numbers are never reused, even after retention pruned every row. A rolled-back write
 * leaves a gap, which subscribers never notice (they resume with {@code seq > last}).
 *
 * <p>Why not {@code INSERT … RETURNING seq}: through sqlite-jdbc it cost ≈ 18 µs per event against
 * ≈ 6 µs for this, measured on the append path where it runs once per message.
 */
final class SqliteEventStore extends JdbcEventStore {
    /** Touched only by the writer thread; -1 until the first append reads the high-water mark. */
    private long lastSeq = -1;

    SqliteEventStore() {
        super(new SqliteDialect());
    }

    @Override
    public Event append(Tx tx, EventType type, String key, String channel, String agent, long atMillis, String dataJson)
            throws SQLException {
        if (lastSeq < 0) lastSeq = head(tx);
        long seq = ++lastSeq;
        tx.update("INSERT INTO events (type, key, channel, agent, at, data, seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
                type.wire(), key, channel, agent, atMillis, dataJson, seq);
        return new Event(seq, type, key, channel, agent, Instant.ofEpochMilli(atMillis), dataJson);
    }

    @Override
    public long head(Tx tx) throws SQLException {
        // sqlite_sequence holds the last AUTOINCREMENT value even when retention emptied the table.
        return tx.one("SELECT seq FROM sqlite_sequence WHERE name = 'events'", rs -> rs.getLong(1)).orElse(0L);
    }
}
