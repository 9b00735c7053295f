package dev.switchboard.store;

/**
 * The transactional store every feature store runs on.
 *
 * <p>Durability contract: {@link #write} returns only after the transaction holding the work has
 * been committed <em>and</em> made durable (fsync), so anything acknowledged to a client survives
 * {@code kill -9} or power loss. A write called while another write is running on the same thread
 * joins that transaction, which lets callers combine services (e.g. idempotency records) atomically.
 * After the commit, and before it returns, the caller's own thread passes the barriers of the transaction's
 * {@link CommitSink}s (live events: until they reached every subscriber, bounded), so the writer never waits.
 */
public interface Database extends AutoCloseable {

    /** Runs {@code work} in a read-only snapshot transaction (or inside the caller's write transaction). */
    <R> R read(TxWork<R> work);

    /** Runs {@code work} in a durable write transaction; exceptions thrown by {@code work} roll it back. */
    <R> R write(TxWork<R> work);

    /**
     * Whether the store is reachable, migrated and writable. Cheap while all is well; while writes are failing it
     * tries one small write (at most once a second), so that recovery is noticed without client traffic.
     */
    StoreHealth health();

    /** Whether every migration Flyway recorded succeeded (false when the store can't be read). */
    default boolean migrated() {
        try {
            return read(tx -> tx.one("SELECT count(*) FROM flyway_schema_history WHERE NOT success",
                    rs -> rs.getLong(1) == 0).orElse(false));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A short name for logs and {@code /readyz}: "sqlite" or "postgres". */
    String kind();

    @Override
    void close();
}
