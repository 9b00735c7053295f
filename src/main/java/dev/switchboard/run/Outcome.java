package dev.switchboard.run;

/**
 * How an adapter's run ended, before it becomes a status ({@link Verdict}: an abort or a timeout requested
 * meanwhile takes precedence over what the adapter reports).
 *
 * @param exitCode a process's exit code (null for other adapters, and for re-attached processes, whose
 *                 exit status is not observable because the restarted server is not their parent)
 * @param error    why it failed, or how it was stopped (e.g. "killed with SIGKILL after 2 s grace")
 * @param detached the server is shutting down and left the process running, to be re-attached on the
 *                 next start: the run stays {@code running}
 * @param partial  it failed part-way through its answer: the text so far is kept, marked {@code metadata.partial}
 */
public record Outcome(boolean success, Integer exitCode, String error, boolean detached, boolean partial) {
    public Outcome(boolean success, Integer exitCode, String error) {
        this(success, exitCode, error, false, false);
    }

    public static Outcome ok() {
        return new Outcome(true, null, null);
    }

    public static Outcome failed(String error) {
        return new Outcome(false, null, error);
    }

    /** Failed part-way through the answer (a stream that broke or ended early). */
    public static Outcome cutShort(String error) {
        return new Outcome(false, null, error, false, true);
    }

    public static Outcome detachedForRestart() {
        return new Outcome(false, null, null, true, false);
    }
}
