package dev.switchboard.store.postgres;

import dev.switchboard.store.StoreException;
import dev.switchboard.store.WriteFailures;
import java.sql.SQLException;

/**
 * What a PostgreSQL failure means for the writer and for the client, by SQLSTATE class
 * (postgresql.org/docs/current/errcodes-appendix.html). Any error aborts a PostgreSQL transaction until a rollback,
 * but a unit's own error (a constraint, a bad value) is undone by rolling back to its savepoint; a lost connection
 * (08), an operator or crash shutdown (57P), a serialization failure (40) or exhausted resources (53) leave nothing
 * to roll back to, so the whole batch fails and its callers are told nothing was written.
 */
final class PostgresFailures implements WriteFailures {
    static final PostgresFailures INSTANCE = new PostgresFailures();
    private static final String DISK_FULL = "53100";

    private PostgresFailures() {}

    /** The SQLSTATE in {@code t}'s cause chain, or "". */
    static String state(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null) return s.getSQLState();
        }
        return "";
    }

    @Override
    public boolean endsTransaction(Throwable t) {
        String s = state(t);
        return s.startsWith("08") || s.startsWith("57P") || s.startsWith("40") || s.startsWith("53");
    }

    @Override
    public StoreException batchFailed(Throwable e) {
        String s = state(e);
        if (s.equals(DISK_FULL)) {
            return new StoreException(StoreException.Kind.STORAGE_FULL, "the PostgreSQL server's disk is full; nothing "
                    + "was written, and writes resume by themselves once space is free", e);
        }
        if (s.startsWith("08") || s.startsWith("57P")) {
            return new StoreException(StoreException.Kind.UNAVAILABLE, "the PostgreSQL server can't be reached; "
                    + "nothing was written", e);
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, "the write could not be committed; nothing was written", e);
    }

    /** The connection was lost while COMMIT was on its way: the server may have applied it before it went. */
    @Override
    public boolean commitOutcomeUnknown(Throwable t) {
        return state(t).startsWith("08");
    }

    @Override
    public String cause(Throwable e) {
        String s = state(e);
        if (s.equals(DISK_FULL)) return "disk_full";
        if (s.startsWith("08")) return "connection";
        if (s.startsWith("57P")) return "shutdown";
        if (s.startsWith("40")) return "conflict";
        if (s.startsWith("53")) return "resources";
        return "other";
    }
}
