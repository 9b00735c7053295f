package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.run.Ending.Output;
import dev.switchboard.run.Ending.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision table of a run's end: {@link Verdict} (what the adapter and stop requests say), then {@link Ending}. */
class VerdictTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    static Run row(String abortReason) {
        return new Run("r1", "k", "i", "a", RunStatus.RUNNING, OnActive.REJECT, Instant.EPOCH, Instant.EPOCH, null, null,
                null, 1L, null, abortReason == null ? null : Instant.EPOCH, abortReason, null, List.of(), 0, "{}", null, 0,
                false, null, RunOptions.NONE, null);
    }

    static Stream<Arguments> verdicts() {
        var ok = new Outcome(true, 0, null);
        var exit3 = new Outcome(false, 3, "exit code 3: boom");
        var termed = new Outcome(false, 143, "stopped with SIGTERM");
        return Stream.of(
                // row's abort reason, stop reason, outcome → status, exit code, error, partial
                Arguments.of(null, null, ok, RunStatus.SUCCEEDED, 0, null, false),
                Arguments.of(null, null, exit3, RunStatus.FAILED, 3, "exit code 3: boom", false),
                // a stream that ended early: failed, and its text so far is kept, marked partial
                Arguments.of(null, null, Outcome.cutShort("ended early"), RunStatus.FAILED, null, "ended early", true),
                Arguments.of("enough", StopSignal.Reason.ABORT, termed, RunStatus.ABORTED, 143, "enough", true),
                Arguments.of(null, StopSignal.Reason.ABORT, termed, RunStatus.ABORTED, 143, "aborted", true),
                // an abort committed while the adapter was finishing on its own still wins
                Arguments.of("too late", null, ok, RunStatus.ABORTED, 0, "too late", true),
                Arguments.of("enough", StopSignal.Reason.TIMEOUT, termed, RunStatus.ABORTED, 143, "enough", true),
                Arguments.of(null, StopSignal.Reason.TIMEOUT, termed, RunStatus.FAILED, 143,
                        "timed out after 30 s; stopped with SIGTERM", true),
                Arguments.of(null, StopSignal.Reason.TIMEOUT, Outcome.failed(null), RunStatus.FAILED, null,
                        "timed out after 30 s", true),
                Arguments.of(null, StopSignal.Reason.SHUTDOWN, Outcome.failed("stopped"), RunStatus.ABORTED, null,
                        "the server shut down during the run", true));
    }

    @ParameterizedTest(name = "abort {0}, stop {1}, {2} → {3}")
    @MethodSource("verdicts")
    void the_verdict_follows_stop_requests_before_the_adapters_outcome(String abortReason, StopSignal.Reason reason,
            Outcome outcome, RunStatus status, Integer exitCode, String error, boolean partial) {
        assertThat(Verdict.of(row(abortReason), outcome, reason, TIMEOUT))
                .isEqualTo(new Verdict(status, exitCode, error, partial));
    }

    static Stream<Arguments> endings() {
        var succeeded = new Verdict(RunStatus.SUCCEEDED, 0, null, false);
        var aborted = new Verdict(RunStatus.ABORTED, 143, "enough", true);
        var failed = new Verdict(RunStatus.FAILED, 3, "exit code 3", false);
        var lost = new Verdict(RunStatus.LOST, null, "gone", true);
        return Stream.of(
                // verdict, rollback requested, session, has output → status, error, output, rollback
                Arguments.of(succeeded, false, SessionState.OPEN, true, RunStatus.SUCCEEDED, null, Output.APPEND, false),
                Arguments.of(failed, false, SessionState.OPEN, true, RunStatus.FAILED, "exit code 3", Output.APPEND, false),
                Arguments.of(aborted, false, SessionState.OPEN, true, RunStatus.ABORTED, "enough", Output.APPEND_PARTIAL, false),
                Arguments.of(lost, false, SessionState.OPEN, true, RunStatus.LOST, "gone", Output.APPEND_PARTIAL, false),
                Arguments.of(aborted, true, SessionState.OPEN, true, RunStatus.ABORTED, "enough", Output.DISCARD, true),
                Arguments.of(aborted, true, SessionState.OPEN, false, RunStatus.ABORTED, "enough", Output.NONE, true),
                // a rollback is only for aborted runs
                Arguments.of(succeeded, true, SessionState.OPEN, true, RunStatus.SUCCEEDED, null, Output.APPEND, false),
                Arguments.of(succeeded, false, SessionState.ENDED, true, RunStatus.FAILED, Ending.SESSION_ENDED, Output.DISCARD, false),
                Arguments.of(aborted, true, SessionState.ENDED, true, RunStatus.ABORTED, "enough", Output.DISCARD, true),
                Arguments.of(failed, false, SessionState.ENDED, false, RunStatus.FAILED, "exit code 3", Output.NONE, false),
                Arguments.of(succeeded, false, SessionState.GONE, true, RunStatus.FAILED, Ending.SESSION_DELETED, Output.DISCARD, false),
                Arguments.of(aborted, true, SessionState.GONE, true, RunStatus.ABORTED, Ending.SESSION_DELETED, Output.DISCARD, false),
                Arguments.of(failed, false, SessionState.GONE, false, RunStatus.FAILED, Ending.SESSION_DELETED, Output.NONE, false));
    }

    @ParameterizedTest(name = "{0}, rollback {1}, session {2}, output {3} → {4} {6}")
    @MethodSource("endings")
    void the_ending_depends_on_what_became_of_the_session(Verdict v, boolean rollbackRequested, SessionState session,
            boolean hasOutput, RunStatus status, String error, Output output, boolean rollback) {
        assertThat(Ending.of(v, rollbackRequested, session, hasOutput))
                .isEqualTo(new Ending(status, v.exitCode(), error, output, rollback));
    }
}
