package dev.switchboard.run;

import java.time.Duration;

/**
 * The final status a run's end records and why, decided from facts only: a pure function, unit-tested as a
 * table ({@code VerdictTest}). A stop requested meanwhile (abort, timeout, shutdown) takes precedence over
 * what the adapter reports.
 *
 * @param partial the run was cut short: text it produced is kept with {@code metadata.partial}
 */
record Verdict(RunStatus status, Integer exitCode, String error, boolean partial) {

    static Verdict failed(String error) {
        return new Verdict(RunStatus.FAILED, null, error, false);
    }

    /**
     * How an adapter's run ended, given the run's current row (an abort may have been requested since the
     * adapter started), the reason it was stopped (null: it ended on its own) and the agent's timeout.
     */
    static Verdict of(Run row, Outcome o, StopSignal.Reason reason, Duration timeout) {
        if (row.abortRequested() || reason == StopSignal.Reason.ABORT) {
            return new Verdict(RunStatus.ABORTED, o.exitCode(), row.abortReason() != null ? row.abortReason() : "aborted", true);
        }
        if (reason == StopSignal.Reason.TIMEOUT) {
            return new Verdict(RunStatus.FAILED, o.exitCode(),
                    "timed out after " + timeout.toSeconds() + " s" + (o.error() == null ? "" : "; " + o.error()), true);
        }
        if (reason == StopSignal.Reason.SHUTDOWN) {
            return new Verdict(RunStatus.ABORTED, o.exitCode(), "the server shut down during the run", true);
        }
        return o.success() ? new Verdict(RunStatus.SUCCEEDED, o.exitCode(), null, false)
                : new Verdict(RunStatus.FAILED, o.exitCode(), o.error(), o.partial());
    }
}
