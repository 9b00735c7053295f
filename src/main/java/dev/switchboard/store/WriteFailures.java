package dev.switchboard.store;

/**
 * What a database's failures mean for the group-committing writer and for the client. Each store says it for its own
 * engine (SQLite's result codes, PostgreSQL's SQLSTATEs): which failures may have ended the transaction, what the
 * caller of a failed batch is told, and a short name of the cause for metrics and logs.
 */
public interface WriteFailures {
    /** True when no later unit of the batch may run: the failure may have ended (or poisoned) the transaction. */
    boolean endsTransaction(Throwable t);

    /** What every caller of a batch that did not commit is told (nothing in the batch was written). */
    StoreException batchFailed(Throwable t);

    /**
     * True when {@code t}, thrown by COMMIT itself, leaves unknown whether the transaction was applied (a client-server
     * database whose connection broke on the way back). Its callers are then told so, not that nothing was written.
     */
    default boolean commitOutcomeUnknown(Throwable t) {
        return false;
    }

    /** A short, stable name of the cause ({@code disk_full}, {@code io_error}, …). */
    String cause(Throwable t);
}
