package dev.switchboard.run;

import dev.switchboard.archive.Removal;
import dev.switchboard.archive.TailArchive;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.event.EventType;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Tx;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends runs: the one write that records a run's end — its remaining output, a rollback's removal, its final
 * status and its {@code run.completed|failed|aborted} event, in one transaction, so a client never sees a
 * run ended without its output or output without the end. What is recorded is decided by the pure
 * {@link Verdict} and {@link Ending}.
 */
final class RunCompletion {
    private static final Logger log = LoggerFactory.getLogger(RunCompletion.class);

    private final StoreRetry retry;
    private final RunStore runs;
    private final SessionService sessions;
    private final TailArchive archive;
    private final RunEvents events;
    private final MeterRegistry metrics;
    private final Consumer<String> onEnded;
    private final AnswerDelivery answers;

    /** @param ended told the id of every run whose end has committed (it may have waited for a slot) */
    RunCompletion(StoreRetry retry, RunStore runs, SessionService sessions, TailArchive archive, RunEvents events,
                  MeterRegistry metrics, Consumer<String> ended, AnswerDelivery answers) {
        this.retry = retry;
        this.runs = runs;
        this.sessions = sessions;
        this.archive = archive;
        this.events = events;
        this.metrics = metrics;
        this.onEnded = ended;
        this.answers = answers;
    }

    /**
     * Ends a run in one transaction, unless it has ended already. If that fails (say the output can't be
     * stored), the run still ends, as failed, without the output, in a second transaction. Both are retried
     * while the store is only busy ({@link StoreRetry}); if even the second fails, the run stays active in the
     * store and its lane, or the next start, ends it.
     */
    void end(String runId, RunOutput out, Function<Run, Verdict> decide) {
        try {
            retry.write("end", runId, tx -> {
                Run r = runs.find(tx, runId).orElseThrow();
                if (!r.status().terminal()) endInTx(tx, r, out, decide.apply(r));
                return null;
            });
        } catch (RuntimeException e) {
            log.error("run {}: recording its end failed; ending it without its remaining output", runId, e);
            String why = e instanceof ProblemException p ? p.detail() : e.toString();
            retry.write("end", runId, tx -> {
                Run r = runs.find(tx, runId).orElseThrow();
                if (!r.status().terminal()) {
                    endInTx(tx, r, null, new Verdict(RunStatus.FAILED, r.exitCode(), "recording the run's output failed: " + why, false));
                }
                return null;
            });
        }
    }

    /** Ends a run that never started (aborted while queued, its session gone, …) in the caller's transaction. */
    void endQueuedInTx(Tx tx, Run r, RunStatus status, String error) throws SQLException {
        endInTx(tx, r, null, new Verdict(status, null, error, false));
    }

    void endInTx(Tx tx, Run r, RunOutput out, Verdict v) throws SQLException {
        Session s = session(tx, r.key());
        var state = s == null ? Ending.SessionState.GONE : s.ended() ? Ending.SessionState.ENDED : Ending.SessionState.OPEN;
        Ending e = Ending.of(v, r.rollback(), state, out != null);
        if (out != null) out.finish(tx, e.output() == Ending.Output.DISCARD, e.output() == Ending.Output.APPEND_PARTIAL);
        if (e.rollback() && r.inputSeq() != null) {
            Session fresh = sessions.requireReadable(tx, SystemCaller.INSTANCE, r.key());
            // Everything after the run's input (its output, and what clients appended meanwhile) moves to the
            // archive, where admins read it as reason "rollback" with this run's id.
            archive.moveAfter(tx, fresh, r.inputSeq(), Removal.rollback(r.id()));
        }
        Run latest = runs.find(tx, r.id()).orElseThrow();
        Instant now = events.now();
        Run ended = latest.with(d -> {
            d.status = e.status();
            d.endedAt = now;
            d.exitCode = e.exitCode();
            d.error = e.error();
            if (out != null) d.usage = out.usageJson();
        });
        runs.update(tx, ended);
        if (s != null) runs.refreshActiveRun(tx, r.key());
        answers.deliver(tx, ended); // the session that sent the input or spawned this one gets the answer now
        tx.afterCommit(() -> {
            metrics.counter("switchboard.runs.ended", "status", e.status().wire()).increment();
            onEnded.accept(r.id());
        });
        EventType type = switch (e.status()) {
            case SUCCEEDED -> EventType.RUN_COMPLETED;
            case ABORTED -> EventType.RUN_ABORTED;
            default -> EventType.RUN_FAILED;
        };
        if (s != null) events.emit(tx, type, ended, s);
        else events.emitWithoutSession(tx, type, ended);
    }

    /** The run's session as the system sees it, or null once it was deleted. */
    Session session(Tx tx, String key) throws SQLException {
        try {
            return sessions.requireReadable(tx, SystemCaller.INSTANCE, key);
        } catch (ProblemException e) {
            return null;
        }
    }
}
