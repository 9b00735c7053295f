package dev.switchboard.event;

import dev.switchboard.json.Json;
import dev.switchboard.store.CommitSink;
import dev.switchboard.store.Tx;
import java.sql.SQLException;

/**
 * Appends events inside the caller's write transaction and publishes them only after that
 * transaction commits: a subscriber never sees an event whose change could still be rolled back.
 * A whole group commit's events go to the {@link EventHub} in one hand-over.
 */
public final class EventLog {
    private final EventStore store;
    private final EventHub hub;
    private final CommitSink<Event> live;

    /** The hub is fed by this node's writer (one writer for the whole store: SQLite). */
    public EventLog(EventStore store, EventHub hub) {
        this(store, hub, hub);
    }

    /** Committed events go to {@code live} (an {@link EventFeed} when several nodes write the store). */
    public EventLog(EventStore store, EventHub hub, CommitSink<Event> live) {
        this.store = store;
        this.hub = hub;
        this.live = live;
    }

    /** Appends an event about the session {@code key} (in {@code channel}, run by {@code agent}). */
    public Event append(Tx tx, EventType type, String key, String channel, String agent, long atMillis, Object data)
            throws SQLException {
        return appendJson(tx, type, key, channel, agent, atMillis, Json.write(data));
    }

    /** {@link #append} with {@code data} serialized already (off the writer, where it can be). */
    public Event appendJson(Tx tx, EventType type, String key, String channel, String agent, long atMillis, String json)
            throws SQLException {
        Event event = store.append(tx, type, key, channel, agent, atMillis, json);
        tx.collectAfterCommit(live, event);
        return event;
    }

    public EventHub hub() {
        return hub;
    }
}
