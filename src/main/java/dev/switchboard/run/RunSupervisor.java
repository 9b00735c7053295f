package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.archive.TailArchive;
import dev.switchboard.context.ContextAssembler;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.ClusterBus;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.TranscriptService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes runs, wired from the pieces that each do one job:
 * <ul>
 *   <li>{@link RunScheduler}: per-session lanes and agent slots ({@link AgentSlots}) pick the next run;</li>
 *   <li>{@link RunStarter}: the write that takes it from queued to running;</li>
 *   <li>{@link RunExecutor}: drives its adapter (pid, supervision, output flushing, timeout);</li>
 *   <li>{@link RunCompletion}: the one write that records its end, as decided by {@link Verdict} and {@link Ending};</li>
 *   <li>{@link RunReconciler}: runs an earlier server process left running, at start-up;</li>
 *   <li>{@link LiveDirectives}: directives created during a run, to its agent's stdin ({@link DirectiveFeed}).</li>
 * </ul>
 * Their writes go through {@link StoreRetry}. Shutdown ({@link #close}) stops echo and http runs
 * ({@code aborted}) but leaves process agents running, detached, for the next start to re-attach.
 */
public final class RunSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunSupervisor.class);
    /** How long shutdown waits for stopped runs to record their end before it interrupts them. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** How long interrupted runs get to finish before shutdown goes on without them. */
    private static final Duration SHUTDOWN_FORCE = Duration.ofSeconds(2);
    /** The bus topic of abort requests: whichever node executes the run stops it. */
    static final String ABORT_TOPIC = "run_abort";

    private final RunEvents events;
    private final RunCompletion completion;
    private final RunStarter starter;
    private final Executions executions;
    private final RunReconciler reconciler;
    private final RunScheduler scheduler;
    private final LiveDirectives liveDirectives;
    private final RunStore runs;
    private final Database db;
    private final ClusterBus bus;
    /** Set once by {@link #close}: lanes stop picking runs and runs starting from now on are stopped at once. */
    private final AtomicBoolean closing = new AtomicBoolean();

    public RunSupervisor(Database db, RunStore runs, SessionService sessions, TranscriptService transcripts,
                         MessageInput messageInput, EventLog events, DirectiveService directives, AgentRegistry agents,
                         TailArchive archive, ContextAssembler contexts, Clock clock, Path dataDir, int maxMessageChars,
                         MeterRegistry metrics, RunOwnership ownership, ClusterBus bus,
                         RunLinkStore links, AgentSessionStore agentSessions,
                         java.util.function.Function<Session, String> teamWorkdir) {
        this.db = db;
        this.bus = bus;
        this.runs = runs;
        this.events = new RunEvents(events, clock);
        var retry = new StoreRetry(db, metrics, closing::get);
        var slots = new AgentSlots(this::wake);
        Gauge.builder("switchboard.runs.waiting_for_slot", slots, AgentSlots::waiting)
                .description("Queued runs waiting for a slot of their agent (max_concurrent)").register(metrics);
        var answers = new AnswerDelivery(links, sessions, transcripts, messageInput, events, clock);
        this.completion = new RunCompletion(retry, runs, sessions, archive, this.events, metrics, slots::forget, answers);
        this.starter = new RunStarter(runs, transcripts, messageInput, directives, completion, this.events, ownership,
                agentSessions, teamWorkdir);
        this.executions = new Executions(metrics);
        var outputs = new RunOutputs(db, retry, transcripts, messageInput, events, runs, directives, clock, maxMessageChars);
        this.reconciler = new RunReconciler(db, runs, agents, completion, outputs, dataDir, ownership);
        var feeds = new DirectiveFeed.Deps(db, directives, Counter.builder("switchboard.runs.directives.deferred")
                .description("Live directives left pending for the next input because the run's queue was full")
                .register(metrics));
        var executor = new RunExecutor(db, runs, contexts, outputs, executions, completion, retry, feeds, clock,
                dataDir, closing::get);
        this.scheduler = new RunScheduler(db, runs, agents, starter, executor, completion, reconciler, slots, retry,
                closing::get);
        this.liveDirectives = new LiveDirectives(events.hub(), executions);
        bus.subscribe(ABORT_TOPIC, runId -> stop(runId, StopSignal.Reason.ABORT));
    }

    /**
     * Reconciles runs left active by an earlier server process (call once, before serving; see
     * {@link RunReconciler}). Then every session with queued runs gets its lane going.
     */
    public void reconcile() {
        reconciler.reconcile();
        for (String key : db.read(runs::keysWithActiveRuns)) scheduler.kick(key);
    }

    /**
     * The cluster duty of ending runs whose owner stopped renewing its lease ({@link RunReconciler#reconcileLapsed}),
     * then every session with active runs gets its lane going here, so queued runs continue on this node.
     */
    public void reconcileLapsed() {
        reconciler.reconcileLapsed(executions::contains);
        for (String key : db.read(runs::keysWithActiveRuns)) scheduler.kick(key);
    }

    /** A slot was granted to the next run of session {@code key}. */
    private void wake(String key) {
        scheduler.kick(key);
    }

    /** Wakes the session's lane after a run was committed (call after commit). */
    void kick(String key) {
        scheduler.kick(key);
    }

    /** Asks a run executing here to stop. */
    void stop(String runId, StopSignal.Reason reason) {
        executions.stop(runId, reason);
    }

    /**
     * Stops the run after {@code tx} commits, on whichever node executes it: at once if it is this one, and through
     * the cluster bus on every node (a no-op where it doesn't run).
     */
    void stopEverywhere(Tx tx, String runId) throws SQLException {
        tx.afterCommit(() -> Thread.ofVirtual().start(() -> stop(runId, StopSignal.Reason.ABORT)));
        bus.publish(tx, ABORT_TOPIC, runId);
    }

    /** Completes when the run, if executing here, has recorded its end. */
    CompletableFuture<Void> done(String runId) {
        return executions.done(runId);
    }

    void emit(Tx tx, EventType type, Run run, Session s) throws SQLException {
        events.emit(tx, type, run, s);
    }

    /** Appends a run's input message in {@code tx}; returns its seq. */
    long appendInput(Tx tx, String key, JsonNode input) throws SQLException {
        return starter.appendInput(tx, key, input);
    }

    /** Ends a queued run that will never start (aborted, or its session is gone) in the caller's transaction. */
    void endQueuedInTx(Tx tx, Run r, RunStatus status, String error) throws SQLException {
        completion.endQueuedInTx(tx, r, status, error);
    }

    /**
     * Shuts runs down in stages, each with a bound: (1) no run starts any more (queued ones stay queued for the
     * next start) and live directives stop; (2) every executing run is stopped — echo and http runs end as
     * aborted, process runs detach, left running for the next start to re-attach; (3) up to
     * {@link #SHUTDOWN_GRACE} for them to record that; (4) the ones still at it are interrupted (a write waiting
     * for its commit gives up; the run stays running in the store and the next start reconciles it) and get
     * {@link #SHUTDOWN_FORCE} more. Then the store may close.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) return;
        liveDirectives.close();
        List<Executions.Execution> running = List.copyOf(executions.all());
        running.forEach(x -> x.stop().stop(StopSignal.Reason.SHUTDOWN));
        if (ended(running, SHUTDOWN_GRACE)) return;
        running.stream().filter(x -> !x.done().isDone()).forEach(x -> x.thread().interrupt());
        if (!ended(running, SHUTDOWN_FORCE)) {
            log.warn("runs {} had not recorded their end when shutdown went on; the next start reconciles them",
                    running.stream().filter(x -> !x.done().isDone()).map(x -> x.run().id()).toList());
        }
    }

    private static boolean ended(List<Executions.Execution> running, Duration within) {
        try {
            CompletableFuture.allOf(running.stream().map(Executions.Execution::done).toArray(CompletableFuture[]::new))
                    .get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // asked to stop waiting: go on with the shutdown
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
