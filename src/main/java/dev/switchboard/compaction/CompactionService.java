package dev.switchboard.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.auth.Scope;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.context.ContextStore;
import dev.switchboard.event.EventLog;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.run.AgentCall;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionLifecycle;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.store.Ulid;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sessions/{key}/compact} (and WebSocket {@code sessions.compact}, automatic compaction): records a
 * checkpoint. {@code truncate} is complete in the request's own write. {@code summarize} records the checkpoint
 * {@code running} and the session {@code compacting} in one write, answers, and produces the summary afterwards off
 * the request thread and off the writer ({@link CompactionJobs}); its end is one more write.
 *
 * <p>Guards, in the request's write transaction (so no run or second compaction can slip in between): a session
 * outside the grants → 404, ended → 409 {@code session-ended}, a queued or running run → 409 {@code run-active}, a
 * compaction already running → 409 {@code conflict}, fewer than {@code [compaction] min_messages} to cover → 409
 * {@code nothing-to-compact}. No summarizer configured → 422 naming {@code compaction.agent}.
 *
 * <p>Restarts: {@link #reconcile} (before serving) fails every checkpoint an earlier process left running — the
 * context never changed — stops the summarizer process it left behind, and so no session stays {@code compacting}.
 */
public final class CompactionService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CompactionService.class);
    static final String RESTARTED = "the server stopped during the compaction; the context is unchanged";
    static final String ORPHANED = "the compaction was no longer being executed (recording its end failed); "
            + "the context is unchanged";
    /** A running checkpoint no job has executed for this long is an orphan (its final write failed). */
    private static final Duration ORPHAN_AFTER = Duration.ofMinutes(1);

    private final Database db;
    private final CheckpointStore checkpoints;
    private final ContextStore messages;
    private final SessionService sessions;
    private final SessionLifecycle lifecycle;
    private final AgentCall agents;
    private final SwitchboardConfig.Compaction config;
    private final CompactionMetrics metrics;
    private final CheckpointWrites writes;
    private final CompactionJobs jobs;
    private final Path workRoot;
    private final Clock clock;

    /**
     * @param maxSummaryChars a summary longer than this fails ({@code limits.max_message_chars}: it is a message)
     * @param dataDir         process summarizers keep their logs in {@code <data>/compactions/<id>} while they run
     */
    public CompactionService(Database db, CheckpointStore checkpoints, ContextStore messages, SessionService sessions,
                             SessionLifecycle lifecycle, EventLog events, AgentCall agents,
                             SwitchboardConfig.Compaction config, int maxSummaryChars, Path dataDir,
                             MeterRegistry registry, Clock clock) {
        this.db = db;
        this.checkpoints = checkpoints;
        this.messages = messages;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.agents = agents;
        this.config = config;
        this.workRoot = dataDir.resolve("compactions");
        this.clock = clock;
        this.metrics = new CompactionMetrics(registry);
        this.writes = new CheckpointWrites(db, checkpoints, messages, sessions, events, metrics, clock);
        var summarizer = new Summarizer(db, checkpoints, messages, agents, config, maxSummaryChars, workRoot);
        this.jobs = new CompactionJobs(summarizer, writes, metrics, config.maxConcurrent(), config.timeout());
        metrics.watchRunning(jobs::size);
    }

    CheckpointWrites writes() {
        return writes;
    }

    CompactionMetrics metrics() {
        return metrics;
    }

    /**
     * {@code POST …/compact}: the checkpoint, complete for {@code truncate}, {@code running} for {@code summarize}
     * (its end is a {@code checkpoint.created} or {@code compaction.failed} event; see {@link #await}).
     */
    public Checkpoint compact(Caller caller, String key, JsonNode body) {
        caller.require(Scope.TRANSCRIPTS_WRITE);
        CompactRequest r = CompactRequest.parse(body);
        String agent = summarizer(caller, r);
        return db.write(tx -> start(tx, caller, key, r, agent, Checkpoint.MANUAL));
    }

    /** An automatic compaction with {@code [compaction] auto_strategy}; throws the same problems as a request. */
    Checkpoint compactAuto(String key) {
        var r = new CompactRequest(config.autoStrategy(), null, null, null);
        String agent = summarizer(SystemCaller.INSTANCE, r);
        return db.write(tx -> start(tx, SystemCaller.INSTANCE, key, r, agent, Checkpoint.AUTO));
    }

    /** The summarizer agent for {@code r} (null for truncate), or a 422/403 saying why there is none. */
    private String summarizer(Caller caller, CompactRequest r) {
        if (r.strategy().equals(Checkpoint.TRUNCATE)) return null;
        String id = r.agent() != null ? r.agent() : config.agent();
        if (id == null) {
            throw ProblemException.validation("agent", "no summarizer is configured: set compaction.agent "
                    + "([compaction] agent = \"<agent id>\") or name one in the request, or use strategy truncate");
        }
        if (r.agent() != null && caller.agents() != null && !caller.agents().contains(id)) {
            throw ProblemException.forbidden("this token is not granted agent '" + id + "'");
        }
        if (agents.find(id).isEmpty()) {
            throw ProblemException.validation("agent", "no agent named " + id + (r.agent() == null ? " (compaction.agent)" : "")
                    + "; GET /v1/agents lists them");
        }
        return id;
    }

    private Checkpoint start(Tx tx, Caller caller, String key, CompactRequest r, String agent, String trigger)
            throws SQLException {
        Session s = sessions.requireVisible(tx, caller, key);
        if (s.ended()) throw SessionService.sessionEnded(key);
        lifecycle.requireNoActiveRun(tx, s);
        if (s.compacting()) {
            throw ProblemException.conflict("session " + key + " is compacting (checkpoint " + s.compactionId()
                    + "); wait for it to end");
        }
        int keepLast = r.keepLast() != null ? r.keepLast() : config.keepLast();
        CompactionPlan plan = CompactionPlan.of(tx, checkpoints, messages, s, keepLast, config.minMessages());
        Instant now = clock.instant();
        boolean truncate = r.strategy().equals(Checkpoint.TRUNCATE);
        var cp = new Checkpoint(Ulid.next(now.toEpochMilli()), key, s.id(), r.strategy(),
                truncate ? CheckpointStatus.ACTIVE : CheckpointStatus.RUNNING, trigger,
                plan.previous() == null ? null : plan.previous().id(), plan.firstKeptSeq(), plan.fromSeq(), plan.toSeq(),
                plan.toId(), plan.lastSeq(), keepLast, null, null, 0, plan.tokensBefore(), truncate ? plan.keptTokens() : null,
                agent, r.instructions(), null, null, null, now, truncate ? now : null, caller.tokenId());
        if (truncate) return writes.activate(tx, cp, true, s);
        checkpoints.insert(tx, cp);
        writes.markCompacting(tx, s, cp.id());
        tx.afterCommit(() -> jobs.start(cp));
        return cp;
    }

    /** Waits at most {@code wait} for a running checkpoint's job (never inside a transaction); it as it is then. */
    public Checkpoint await(Checkpoint cp, Duration wait) {
        var done = jobs.done(cp.id());
        if (done.isEmpty()) return db.read(tx -> checkpoints.find(tx, cp.id())).orElse(cp);
        try {
            Checkpoint end = done.get().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (end != null) return end;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // answer with the current state; the compaction ends on its own
        }
        return db.read(tx -> checkpoints.find(tx, cp.id())).orElse(cp);
    }

    /**
     * Start-up, before serving: every checkpoint left {@code running} by an earlier server process is failed (its
     * session no longer {@code compacting}), and a summarizer process it left behind is stopped.
     */
    public void reconcile() {
        for (Checkpoint cp : db.read(checkpoints::running)) {
            try {
                if (cp.pid() != null && cp.pidStartedAt() != null
                        && AgentCall.stopLeftover(cp.pid(), cp.pidStartedAt(), Duration.ofSeconds(5))) {
                    log.info("compaction {}: stopped the summarizer process {} an earlier server left running", cp.id(), cp.pid());
                }
                writes.fail(cp.id(), RESTARTED);
            } catch (RuntimeException e) {
                log.error("compaction {}: reconciliation failed", cp.id(), e);
            }
            Summarizer.deleteQuietly(Summarizer.workDir(workRoot, cp.id()));
        }
    }

    /**
     * Fails running checkpoints that no job of this process executes (their final write failed): on SQLite this
     * process is the only one that could. Called by the background check.
     */
    void reapOrphans() {
        Instant before = clock.instant().minus(ORPHAN_AFTER);
        for (Checkpoint cp : db.read(checkpoints::running)) {
            if (!jobs.executing(cp.id()) && cp.createdAt().isBefore(before)) writes.fail(cp.id(), ORPHANED);
        }
    }

    @Override
    public void close() {
        jobs.close();
    }
}
