package dev.switchboard.run;

/**
 * How an adapter's run ended, before the supervisor turns it into a status (an abort or a timeout
 * requested meanwhile takes precedence over what the adapter reports).
 *
 * @param exitCode a process's exit code (null for other adapters, and for re-attached processes, whose
 *                 exit status is not observable because the restarted server is not their parent)
 * @param error    why it failed, or how it was stopped (e.g. "killed with SIGKILL after 2 s grace")
 * @param detached the server is shutting down and left the process running, to be re-attached on the
 *                 next start: the run stays {@code running}
 */
public record Outcome(boolean success, Integer exitCode, String error, boolean detached) {
    public Outcome(boolean success, Integer exitCode, String error) {
        this(success, exitCode, error, false);
    }

    public static Outcome ok() {
        return new Outcome(true, null, null);
    }

    public static Outcome failed(String error) {
        return new Outcome(false, null, error);
    }

    public static Outcome detachedForRestart() {
        return new Outcome(false, null, null, true);
    }
}
