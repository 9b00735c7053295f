package dev.switchboard.cli;

/**
 * Every exit code of the {@code switchboard} command (README "Exit codes"); one per kind of failure, so scripts
 * and supervisors can tell a typo from a taken port from a server that isn't there.
 */
public final class ExitCodes {
    /** Done; for {@code run --follow}: the run succeeded. */
    public static final int OK = 0;
    /** The server answered with a problem (4xx/5xx), a run failed or was lost, or an unexpected failure. */
    public static final int FAILED = 1;
    /** Bad usage or configuration: an unknown flag, config key or SWITCHBOARD_* variable, no token to use. */
    public static final int USAGE = 2;
    /** The server could not be reached. */
    public static final int UNREACHABLE = 3;
    /** {@code run --follow}: the run was aborted. */
    public static final int ABORTED = 4;
    /** {@code serve}: the address can't be listened on (port in use, address not of this host). */
    public static final int CANNOT_LISTEN = 5;
    /** {@code serve}: the data directory or its database can't be created, opened or written. */
    public static final int DATA_DIR = 6;
    /** Interrupted (Ctrl-C) while waiting. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
