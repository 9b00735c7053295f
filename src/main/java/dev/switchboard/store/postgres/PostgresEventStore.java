package dev.switchboard.store.postgres;

import dev.switchboard.event.Event;
import dev.switchboard.event.EventType;
import dev.switchboard.store.Tx;
import dev.switchboard.store.jdbc.JdbcEventStore;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Events on PostgreSQL. {@code seq} is drawn from {@code events_seq} by the write batch that holds the cluster write
 * lock (taken first in every batch, {@link PostgresDatabase}), and the lock is held until that batch has committed:
 * so seqs are handed out in the order batches commit, across every node, and a reader that has seen seq N has seen
 * every committed seq below it. A sequence on its own would not do: a lower value drawn by a slower transaction
 * could commit after a higher one had been read, and a reader that advanced past it would skip it forever.
 */
final class PostgresEventStore extends JdbcEventStore {
    PostgresEventStore() {
        super(new PostgresDialect());
    }

    @Override
    public Event append(Tx tx, EventType type, String key, String channel, String agent, long atMillis, String dataJson)
            throws SQLException {
        long seq = tx.one("""
                INSERT INTO events (seq, type, key, channel, agent, at, data)
                VALUES (nextval('events_seq'), ?, ?, ?, ?, ?, ?) RETURNING seq""",
                rs -> rs.getLong(1), type.wire(), key, channel, agent, atMillis, dataJson).orElseThrow();
        return new Event(seq, type, key, channel, agent, Instant.ofEpochMilli(atMillis), dataJson);
    }

    /**
     * The highest <em>committed</em> seq (or the last one pruned, when retention emptied the table). Not the
     * sequence's {@code last_value}: that includes numbers a batch still in flight drew, and a subscriber starting
     * "live from the head" there would skip that batch's events.
     */
    @Override
    public long head(Tx tx) throws SQLException {
        return tx.one("""
                SELECT GREATEST((SELECT coalesce(max(seq), 0) FROM events),
                                (SELECT pruned_through FROM event_retention WHERE id = 1))""",
                rs -> rs.getLong(1)).orElse(0L);
    }
}
