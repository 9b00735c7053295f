package dev.switchboard.store.jdbc;

import dev.switchboard.event.Event;
import dev.switchboard.event.EventStore;
import dev.switchboard.event.EventType;
import dev.switchboard.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The event log's reads and retention, the same SQL on both stores. How a sequence number is handed out, and so what
 * the head of the log is, is each store's own ({@link #append}, {@link #head}): that is where commit order comes from.
 */
public abstract class JdbcEventStore implements EventStore {
    protected static final String COLUMNS = "seq, type, key, channel, agent, at, data";

    private final Dialect dialect;

    protected JdbcEventStore(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public List<Event> page(Tx tx, long afterSeq, String key, int limit) throws SQLException {
        // Both walk an index in seq order: the primary key, or events_by_key (key, seq).
        if (key == null) {
            return tx.list("SELECT " + COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?", JdbcEventStore::read,
                    afterSeq, limit);
        }
        return tx.list("SELECT " + COLUMNS + " FROM events WHERE key = ? AND seq > ? ORDER BY seq LIMIT ?",
                JdbcEventStore::read, key, afterSeq, limit);
    }

    protected static Event read(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("seq"), EventType.fromWire(rs.getString("type")), rs.getString("key"),
                rs.getString("channel"), rs.getString("agent"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("data"));
    }

    @Override
    public long prunedThrough(Tx tx) throws SQLException {
        return tx.one("SELECT pruned_through FROM event_retention WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public long lastSeqBefore(Tx tx, long beforeMillis) throws SQLException {
        return tx.one("SELECT max(seq) FROM events WHERE at < ?", rs -> rs.getLong(1), beforeMillis).orElse(0L);
    }

    @Override
    public int prune(Tx tx, long throughSeq, int maxRows) throws SQLException {
        long last = tx.one("SELECT max(seq) FROM (SELECT seq FROM events WHERE seq <= ? ORDER BY seq LIMIT ?) AS oldest",
                rs -> rs.getLong(1), throughSeq, maxRows).orElse(0L);
        if (last == 0) return 0;
        int deleted = tx.update("DELETE FROM events WHERE seq <= ?", last);
        tx.update("UPDATE event_retention SET pruned_through = " + dialect.greatest("pruned_through", "?") + " WHERE id = 1",
                last);
        return deleted;
    }
}
