package dev.switchboard.config;

/**
 * The server can't start with the settings it was given, for a reason outside the config file's text: the port
 * is taken, the data directory can't be used. The message is one line saying what, where and what to do;
 * {@link #kind} decides the exit code (README "Exit codes").
 */
public final class StartupFailure extends RuntimeException {
    public enum Kind {
        /** {@code server.bind}:{@code server.port} can't be listened on (in use, not an address of this host). */
        LISTEN,
        /** The data directory, the SQLite file in it or the PostgreSQL store can't be created, opened or written. */
        DATA_DIR
    }

    private final Kind kind;

    public StartupFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
