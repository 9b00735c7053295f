package dev.switchboard.store.sqlite;

import dev.switchboard.store.StoreException;
import dev.switchboard.store.WriteFailures;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * What a SQLite failure means for the writer and for the client. SQLite may roll a whole transaction back by
 * itself on {@code SQLITE_FULL}, {@code SQLITE_IOERR}, {@code SQLITE_BUSY} and {@code SQLITE_NOMEM}
 * (sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction"); after such a failure no later
 * unit of the batch may run, because it would run outside any transaction.
 */
final class SqliteFailures implements WriteFailures {
    static final SqliteFailures INSTANCE = new SqliteFailures();
    private static final int BUSY = 5;
    private static final int NOMEM = 7;
    private static final int IOERR = 10;
    private static final int CORRUPT = 11;
    private static final int FULL = 13;

    private SqliteFailures() {}

    /** The SQLite primary result code in {@code t}'s cause chain, or -1. */
    static int code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException s) return s.getResultCode().code & 0xFF;
            if (c instanceof SQLException s && s.getErrorCode() > 0) return s.getErrorCode() & 0xFF;
        }
        return -1;
    }

    @Override
    public boolean endsTransaction(Throwable t) {
        int code = code(t);
        return code == FULL || code == IOERR || code == BUSY || code == NOMEM || code == CORRUPT;
    }

    /** What every caller of a batch that did not commit is told. Nothing in the batch was written. */
    @Override
    public StoreException batchFailed(Throwable e) {
        return switch (code(e)) {
            case FULL -> new StoreException(StoreException.Kind.STORAGE_FULL,
                    "the disk holding the database is full; nothing was written, and writes resume by themselves "
                            + "once space is free", e);
            case BUSY -> new StoreException(StoreException.Kind.UNAVAILABLE, "the database is locked by another process", e);
            case IOERR -> new StoreException(StoreException.Kind.FAILED,
                    "the database could not be written (I/O error); nothing was written", e);
            case CORRUPT -> new StoreException(StoreException.Kind.FAILED, "the database file is damaged; nothing was written", e);
            default -> new StoreException(StoreException.Kind.UNAVAILABLE, "the write could not be committed; nothing was written", e);
        };
    }

    /** A short name of the cause, for metrics and logs. */
    @Override
    public String cause(Throwable e) {
        return switch (code(e)) {
            case FULL -> "disk_full";
            case BUSY -> "busy";
            case IOERR -> "io_error";
            case NOMEM -> "out_of_memory";
            case CORRUPT -> "corrupt";
            default -> "other";
        };
    }
}
