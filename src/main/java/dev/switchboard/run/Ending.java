package dev.switchboard.run;

/**
 * What the write that ends a run records, given its {@link Verdict} and the state of its session: a pure
 * function, unit-tested as a table ({@code VerdictTest}).
 *
 * @param output   what happens to the output the run has not appended yet
 * @param rollback move everything after the run's input to the archive (an aborted {@code rollback} run)
 */
record Ending(RunStatus status, Integer exitCode, String error, Output output, boolean rollback) {
    static final String SESSION_DELETED = "the session was deleted during the run";
    static final String SESSION_ENDED = "the session ended during the run; its output is only in the run.output events and logs";

    /** The run's session when the run ends. */
    enum SessionState { OPEN, ENDED, GONE }

    /** The fate of the run's unappended output (NONE: the run has no output journal, e.g. it never started). */
    enum Output { APPEND, APPEND_PARTIAL, DISCARD, NONE }

    static Ending of(Verdict v, boolean rollbackRequested, SessionState session, boolean hasOutput) {
        boolean rollback = v.status() == RunStatus.ABORTED && rollbackRequested && session != SessionState.GONE;
        RunStatus status = v.status();
        String error = v.error();
        Output output = Output.NONE;
        if (session == SessionState.GONE) {
            // There is no transcript to write to: the run ends anyway, and can't have succeeded.
            if (hasOutput) output = Output.DISCARD;
            if (status == RunStatus.SUCCEEDED) status = RunStatus.FAILED;
            error = SESSION_DELETED;
        } else if (hasOutput && session == SessionState.ENDED) {
            output = Output.DISCARD;
            if (status == RunStatus.SUCCEEDED) {
                status = RunStatus.FAILED;
                error = SESSION_ENDED;
            }
        } else if (hasOutput) {
            output = rollback ? Output.DISCARD : v.partial() ? Output.APPEND_PARTIAL : Output.APPEND;
        }
        return new Ending(status, v.exitCode(), error, output, rollback);
    }
}
