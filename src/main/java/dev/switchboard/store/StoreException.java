package dev.switchboard.store;

/** The store failed (I/O, corruption, shutdown). Mapped to a 503/500 problem without exposing SQL. */
public final class StoreException extends RuntimeException {
    private final boolean transientFailure;

    public StoreException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** True when retrying later may succeed (queue full, shutting down, busy). */
    public boolean isTransient() { return transientFailure; }
}
