package dev.switchboard.store;

import java.util.function.Consumer;

/**
 * Short messages to every node serving the same store, this one included, sent with a write transaction: what caches
 * must forget (a token revoked, policies replaced) and what only the node running something can do (stop a run).
 * Never a source of truth: the store is. A message goes out only if its transaction commits, and arrives after the
 * commit, so a receiver that reads the store then sees the change.
 *
 * <p>Delivery is at most once: a node that loses its connection to the bus can miss messages, and is told so through
 * {@link #onResync} when it is connected again, to drop whatever it may hold stale. SQLite's bus is the process itself.
 */
public interface ClusterBus extends AutoCloseable {
    /** Sends {@code payload} on {@code topic} to every node once {@code tx} commits; nothing if it rolls back. */
    void publish(Tx tx, String topic, String payload) throws java.sql.SQLException;

    /**
     * Calls {@code listener} with the payload of every message on {@code topic}, on the bus's one delivery thread (in
     * the order messages arrive): it must be quick and must not wait for a write.
     */
    void subscribe(String topic, Consumer<String> listener);

    /** Calls {@code action} (on the delivery thread) after a period in which messages may have been missed. */
    void onResync(Runnable action);

    /** Starts delivery once every subscriber is registered; idempotent. */
    void start();

    @Override
    void close();
}
