package dev.switchboard.store;

/**
 * The store failed. {@link #kind} decides what the client is told (never SQL or driver text: the message here is
 * written for clients, the cause is for the log).
 */
public final class StoreException extends RuntimeException {
    public enum Kind {
        /** Retrying later may succeed, and nothing was written: queue full, busy, shutting down. 503. */
        UNAVAILABLE,
        /**
         * The store did not confirm the write in time: it may or may not have been applied (a retry must be
         * idempotent). 503.
         */
        UNCONFIRMED,
        /** The disk (or the database's quota) is full: nothing was written, and writes resume once space is free. 507. */
        STORAGE_FULL,
        /** Anything else: an I/O error, corruption, a bug. 500 with a reference id. */
        FAILED
    }

    private final Kind kind;

    public StoreException(String message, Throwable cause, boolean transientFailure) {
        this(transientFailure ? Kind.UNAVAILABLE : Kind.FAILED, message, cause);
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }

    /** True when retrying later may succeed (queue full, shutting down, busy). */
    public boolean isTransient() { return kind == Kind.UNAVAILABLE; }
}
