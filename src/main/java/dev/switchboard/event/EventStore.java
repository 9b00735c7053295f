package dev.switchboard.event;

import dev.switchboard.store.Tx;
import java.sql.SQLException;
import java.util.List;

/** Persistence of the event log. Implementations must hand out commit-ordered, never-reused sequence numbers. */
public interface EventStore {
    Event append(Tx tx, EventType type, String key, String channel, String agent, long atMillis, String dataJson)
            throws SQLException;

    /**
     * Up to {@code limit} events with {@code seq > afterSeq}, ascending; only those of session {@code key}
     * when it is not null (the one filter worth an index: everything else is filtered by the subscriber).
     */
    List<Event> page(Tx tx, long afterSeq, String key, int limit) throws SQLException;

    /** The highest sequence number ever handed out and kept, or pruned; 0 for an empty log. */
    long head(Tx tx) throws SQLException;

    /** Every event with {@code seq <= prunedThrough()} has been deleted by retention; 0 when none was. */
    long prunedThrough(Tx tx) throws SQLException;

    /** The highest seq of an event older than {@code beforeMillis}, or 0 when there is none. */
    long lastSeqBefore(Tx tx, long beforeMillis) throws SQLException;

    /**
     * Deletes the oldest events up to {@code throughSeq}, at most {@code maxRows} of them, and advances
     * {@link #prunedThrough} to the last one deleted, in the caller's transaction. Returns how many went.
     */
    int prune(Tx tx, long throughSeq, int maxRows) throws SQLException;
}
