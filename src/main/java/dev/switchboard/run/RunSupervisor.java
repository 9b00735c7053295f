package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.archive.Removal;
import dev.switchboard.archive.TailArchive;
import dev.switchboard.auth.SystemCaller;
import dev.switchboard.context.AssembledContext;
import dev.switchboard.context.ContextAssembler;
import dev.switchboard.directive.Directive;
import dev.switchboard.directive.DirectiveService;
import dev.switchboard.event.Event;
import dev.switchboard.event.EventHub;
import dev.switchboard.event.EventLog;
import dev.switchboard.event.EventType;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.session.SessionService;
import dev.switchboard.store.Database;
import dev.switchboard.store.Tx;
import dev.switchboard.transcript.Message;
import dev.switchboard.transcript.MessageInput;
import dev.switchboard.transcript.TranscriptService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes runs: one {@link SessionLanes lane} per session picks the session's next run, waits for an
 * agent slot ({@link AgentSlots}), starts it (input appended, pending directives delivered,
 * {@code run.started}), drives the adapter on its virtual thread outside any write transaction, and ends
 * it with the output appended and {@code run.completed|failed|aborted} in one transaction.
 *
 * <p>Start-up ({@link #reconcile}, before the server serves): runs left {@code running} by an earlier
 * server process are re-attached when their process is still alive and is the same process (pid and
 * start time match), else they become {@code lost} with an explanatory {@code error} and a
 * {@code run.failed} event; queued runs resume. Shutdown ({@link #close}) stops echo and http runs
 * ({@code aborted}) but leaves process agents running, detached, for the next start to re-attach.
 */
public final class RunSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunSupervisor.class);
    /** Coalescing window for {@code run.output} deltas: live enough for a UI, ≤ 20 commits/s per run. */
    static final Duration FLUSH_EVERY = Duration.ofMillis(50);
    /** How long shutdown waits for stopped runs to record their end before the store closes. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);

    /** A run being executed by this server process. */
    record Execution(Run run, Session session, Adapter adapter, StopSignal stop, CompletableFuture<Void> done) {}

    /** Final status and details decided for a run, given its current row. */
    private record Verdict(RunStatus status, Integer exitCode, String error, boolean partial) {}

    private final Database db;
    private final RunStore runs;
    private final SessionService sessions;
    private final TranscriptService transcripts;
    private final MessageInput messageInput;
    private final EventLog events;
    private final DirectiveService directives;
    private final AgentRegistry agents;
    private final TailArchive archive;
    private final ContextAssembler contexts;
    private final Clock clock;
    private final Path runsDir;
    private final int maxMessageChars;
    private final SessionLanes lanes = new SessionLanes(this::drain);
    private final AgentSlots slots = new AgentSlots();
    private final Adapters adapters = new Adapters();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final Map<String, ProcessHandle> reattachable = new ConcurrentHashMap<>();
    private final AutoCloseable directiveSubscription;
    private final MeterRegistry metrics;
    private volatile boolean closing;

    public RunSupervisor(Database db, RunStore runs, SessionService sessions, TranscriptService transcripts,
                         MessageInput messageInput, EventLog events, DirectiveService directives, AgentRegistry agents,
                         TailArchive archive, ContextAssembler contexts, Clock clock, Path dataDir, int maxMessageChars,
                         MeterRegistry metrics) {
        this.db = db;
        this.runs = runs;
        this.sessions = sessions;
        this.transcripts = transcripts;
        this.messageInput = messageInput;
        this.events = events;
        this.directives = directives;
        this.agents = agents;
        this.archive = archive;
        this.contexts = contexts;
        this.clock = clock;
        this.runsDir = dataDir.resolve("runs");
        this.maxMessageChars = maxMessageChars;
        this.directiveSubscription = events.hub().subscribe(new EventHub.Listener() {
            @Override
            public void onEvents(List<Event> committed) {
                committed.forEach(RunSupervisor.this::onEvent);
            }

            @Override
            public void onGap() {
                // Nothing is lost: an undelivered directive stays pending and goes with its session's next input.
                log.warn("live event dispatch dropped events: directives created meanwhile reach running agents "
                        + "with their next input instead of at once");
            }
        });
        this.metrics = metrics;
        Gauge.builder("switchboard.runs.executing", executions, Map::size)
                .description("Runs executing (or supervised after a restart) in this server process")
                .register(metrics);
    }

    public static Path runDir(Path dataDir, String runId) {
        return dataDir.resolve("runs").resolve(runId);
    }

    /** Deletes the run directories (logs) of {@code runIds}; used when a session is purged. */
    public static void eraseRunDirs(Path dataDir, List<String> runIds) {
        for (String id : runIds) {
            Path dir = runDir(dataDir, id);
            if (!Files.isDirectory(dir)) continue;
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (java.io.IOException e) {
                log.warn("run {}: could not erase its files in {}: {}", id, dir, e.toString());
            }
        }
    }

    Path runDir(String runId) {
        return runsDir.resolve(runId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Wakes the session's lane after a run was committed (call after commit). */
    void kick(String key) {
        if (!closing) lanes.kick(key);
    }

    /** Asks a run executing here to stop. */
    void stop(String runId, StopSignal.Reason reason) {
        Execution x = executions.get(runId);
        if (x != null) x.stop().stop(reason);
    }

    /** Completes when the run, if executing here, has recorded its end. */
    CompletableFuture<Void> done(String runId) {
        Execution x = executions.get(runId);
        return x == null ? CompletableFuture.completedFuture(null) : x.done();
    }

    void emit(Tx tx, EventType type, Run run, Session s) throws SQLException {
        events.append(tx, type, s.key(), s.channel(), s.agent(), clock.millis(), run);
    }

    // ---- the lane: one session's runs, one after another ----

    private void drain(String key) {
        while (!closing) {
            List<Run> active = db.read(tx -> runs.active(tx, key));
            if (active.isEmpty()) return;
            Run next = active.getFirst();
            try {
                if (next.status() == RunStatus.RUNNING) {
                    ProcessHandle handle = reattachable.remove(next.id());
                    if (handle != null) supervise(next, handle);
                    else lose(next, "the run was left running without a supervisor (a previous attempt to end it failed)");
                } else {
                    execute(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("run {}: failed to execute", next.id(), e);
                end(next.id(), null, r -> new Verdict(RunStatus.FAILED, null, "internal error: " + e.getMessage(), false));
            }
        }
    }

    private void execute(Run queued) throws InterruptedException {
        Agent agent = db.read(tx -> agents.find(tx, queued.agent())).orElse(null);
        if (agent == null) {
            end(queued.id(), null, r -> new Verdict(RunStatus.FAILED, null, "agent " + queued.agent() + " is no longer defined", false));
            return;
        }
        try (AgentSlots.Permit permit = slots.acquire(agent, () -> closing || !stillQueued(queued.id()))) {
            if (permit == null) return; // aborted while waiting for a slot, or shutting down (stays queued)
            Started started;
            try {
                started = db.write(tx -> start(tx, queued.id()));
            } catch (ProblemException e) {
                end(queued.id(), null, r -> new Verdict(RunStatus.FAILED, null, "the input could not be appended: " + e.detail(), false));
                return;
            }
            if (started == null) return;
            Run run = started.run();
            var adapter = adapters.create(agent.spec(), (pid, at) -> recordPid(run.id(), pid, at));
            String prompt = DirectiveText.prompt(ContentText.of(started.input().path("content")), started.directives());
            runAdapter(run, started.session(), agent, adapter, started.input(), prompt, started.directives(), null);
        }
    }

    private boolean stillQueued(String runId) {
        return db.read(tx -> runs.find(tx, runId)).map(r -> r.status() == RunStatus.QUEUED).orElse(false);
    }

    private record Started(Run run, Session session, JsonNode input, List<Directive> directives) {}

    /** queued → running: appends the input if it isn't yet, delivers pending directives, emits run.started. */
    private Started start(Tx tx, String runId) throws SQLException {
        Run r = runs.find(tx, runId).orElse(null);
        if (r == null || r.status() != RunStatus.QUEUED) return null;
        Session s = sessionIfAny(tx, r.key());
        if (s == null || s.ended()) {
            endInTx(tx, r, null, new Verdict(RunStatus.FAILED, null, "the session ended before the run could start", false));
            return null;
        }
        JsonNode input = Json.readStored(r.input());
        Long seq = r.inputSeq() != null ? r.inputSeq() : appendInput(tx, r.key(), input);
        List<Directive> delivered = directives.deliverWithInput(tx, s, r.id());
        Instant now = now();
        Run started = r.with(d -> {
            d.status = RunStatus.RUNNING;
            d.startedAt = now;
            d.inputSeq = seq;
            d.directives = delivered.stream().map(Directive::id).toList();
        });
        runs.update(tx, started);
        emit(tx, EventType.RUN_STARTED, started, s);
        return new Started(started, s, input, delivered);
    }

    /** Appends a run's input message in {@code tx}; returns its seq. */
    long appendInput(Tx tx, String key, JsonNode input) {
        List<Message> appended = transcripts.appendParsed(SystemCaller.INSTANCE, key, messageInput.parse(input));
        return appended.getFirst().seq();
    }

    private void recordPid(String runId, long pid, Instant startedAt) {
        db.write(tx -> {
            Run r = runs.find(tx, runId).orElseThrow();
            runs.update(tx, r.with(d -> {
                d.pid = pid;
                d.pidStartedAt = startedAt == null ? null : startedAt.toEpochMilli();
            }));
            return null;
        });
    }

    /** A process found alive after a restart: follow it to its end. */
    private void supervise(Run run, ProcessHandle handle) throws InterruptedException {
        Agent agent = db.read(tx -> agents.find(tx, run.agent())).orElseThrow();
        Session s = db.read(tx -> sessionIfAny(tx, run.key()));
        if (s == null) {
            terminate(handle, agent);
            end(run.id(), null, r -> new Verdict(RunStatus.FAILED, null, "the session was deleted during the run", false));
            return;
        }
        try (AgentSlots.Permit ignored = slots.forReattached(agent)) {
            var adapter = adapters.create(agent.spec(), (pid, at) -> {});
            runAdapter(run, s, agent, adapter, Json.readStored(run.input()), "", List.of(), handle);
        }
    }

    /**
     * Drives the adapter with a flusher (coalesced run.output) and a timeout, then ends the run. Exactly one
     * thread runs this per run; the run is registered in {@link #executions} meanwhile so aborts reach it.
     */
    private void runAdapter(Run run, Session session, Agent agent, Adapter adapter, JsonNode input, String prompt,
                            List<Directive> delivered, ProcessHandle reattach) {
        var stop = new StopSignal();
        var out = new RunOutput(run, session, db, transcripts, messageInput, events, runs, directives, clock, maxMessageChars);
        var done = new CompletableFuture<Void>();
        executions.put(run.id(), new Execution(run, session, adapter, stop, done));
        var flusherStop = new CountDownLatch(1);
        Thread flusher = Thread.ofVirtual().name("run-flush-" + run.id()).start(() -> flushLoop(run.id(), out, flusherStop));
        Duration timeout = agent.spec().timeout();
        Duration left = run.startedAt() == null ? timeout : timeout.minus(Duration.between(run.startedAt(), clock.instant()));
        Thread timer = Thread.ofVirtual().name("run-timeout-" + run.id()).start(() -> {
            try {
                Thread.sleep(left.isNegative() ? Duration.ZERO : left);
                stop.stop(StopSignal.Reason.TIMEOUT);
            } catch (InterruptedException e) {
                // the run ended first
            }
        });
        // An abort committed before this run was registered would have found nothing to stop.
        if (db.read(tx -> runs.find(tx, run.id())).map(Run::abortRequested).orElse(false)) stop.stop(StopSignal.Reason.ABORT);
        if (closing) stop.stop(StopSignal.Reason.SHUTDOWN);

        Outcome outcome;
        try {
            Supplier<AssembledContext> context = () -> context(run, agent);
            var ar = new AdapterRun(run, input, prompt, delivered, context, runDir(run.id()), out, stop);
            outcome = reattach != null ? ((ProcessAdapter) adapter).reattach(ar, reattach) : adapter.run(ar);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.failed("interrupted");
        } catch (ProblemException e) {
            outcome = Outcome.failed("recording output failed: " + e.detail());
        } catch (RuntimeException e) {
            log.error("run {}: adapter failed", run.id(), e);
            outcome = Outcome.failed("internal error: " + e);
        } finally {
            timer.interrupt();
        }
        try {
            // Not interrupted: a flush waiting for its commit must finish. The final write then takes over the
            // output; the flusher must be gone by then (see RunOutput).
            flusherStop.countDown();
            flusher.join();
            if (outcome.detached()) {
                log.info("run {}: left running for the next server start to re-attach", run.id());
            } else {
                Outcome o = outcome;
                StopSignal.Reason reason = stop.reason();
                end(run.id(), out, r -> verdict(r, o, reason, agent));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executions.remove(run.id());
            done.complete(null);
        }
    }

    private void flushLoop(String runId, RunOutput out, CountDownLatch stop) {
        while (true) {
            try {
                if (stop.await(FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS)) return;
            } catch (InterruptedException e) {
                return;
            }
            try {
                out.flushDeltas();
            } catch (RuntimeException e) {
                log.warn("run {}: flushing output failed: {}", runId, e.toString());
            }
        }
    }

    /**
     * What the agent sees of the session: the context {@code GET /v1/sessions/{key}/context} assembles (session block,
     * active checkpoint's summary, the messages after it up to the input, trimmed to {@code [context] max_tokens}),
     * at most the http agent's {@code max_context_messages} messages.
     */
    private AssembledContext context(Run run, Agent agent) {
        int max = agent.spec() instanceof AgentSpec.Http h ? h.maxContextMessages() : ContextAssembler.RUN_MESSAGES;
        return contexts.forRun(run.key(), max);
    }

    private static Verdict verdict(Run r, Outcome o, StopSignal.Reason reason, Agent agent) {
        if (r.abortRequested() || reason == StopSignal.Reason.ABORT) {
            return new Verdict(RunStatus.ABORTED, o.exitCode(), r.abortReason() != null ? r.abortReason() : "aborted", true);
        }
        if (reason == StopSignal.Reason.TIMEOUT) {
            return new Verdict(RunStatus.FAILED, o.exitCode(),
                    "timed out after " + agent.spec().timeout().toSeconds() + " s" + (o.error() == null ? "" : "; " + o.error()), true);
        }
        if (reason == StopSignal.Reason.SHUTDOWN) {
            return new Verdict(RunStatus.ABORTED, o.exitCode(), "the server shut down during the run", true);
        }
        return o.success() ? new Verdict(RunStatus.SUCCEEDED, o.exitCode(), null, false)
                : new Verdict(RunStatus.FAILED, o.exitCode(), o.error(), false);
    }

    /**
     * Ends a run in one transaction: its remaining output, a rollback's removal, its final status and event.
     * If that fails (say the output can't be stored), the run still ends, as failed, without the output.
     */
    private void end(String runId, RunOutput out, Function<Run, Verdict> decide) {
        try {
            db.write(tx -> {
                Run r = runs.find(tx, runId).orElseThrow();
                if (!r.status().terminal()) endInTx(tx, r, out, decide.apply(r));
                return null;
            });
        } catch (RuntimeException e) {
            log.error("run {}: recording its end failed; ending it without its remaining output", runId, e);
            String why = e instanceof ProblemException p ? p.detail() : e.toString();
            db.write(tx -> {
                Run r = runs.find(tx, runId).orElseThrow();
                if (!r.status().terminal()) {
                    endInTx(tx, r, null, new Verdict(RunStatus.FAILED, r.exitCode(), "recording the run's output failed: " + why, false));
                }
                return null;
            });
        }
    }

    private void endInTx(Tx tx, Run r, RunOutput out, Verdict v) throws SQLException {
        Session s = sessionIfAny(tx, r.key());
        RunStatus status = v.status();
        String error = v.error();
        boolean rollback = status == RunStatus.ABORTED && r.rollback() && s != null;
        if (s == null) {
            // The session was deleted under the run: end the run anyway; there is no transcript to write to.
            if (out != null) out.finish(tx, true, false);
            if (status == RunStatus.SUCCEEDED) status = RunStatus.FAILED;
            error = "the session was deleted during the run";
        } else if (out != null) {
            if (s.ended()) {
                out.finish(tx, true, false);
                if (status == RunStatus.SUCCEEDED) {
                    status = RunStatus.FAILED;
                    error = "the session ended during the run; its output is only in the run.output events and logs";
                }
            } else {
                out.finish(tx, rollback, v.partial());
            }
        }
        if (rollback && r.inputSeq() != null) {
            Session fresh = sessions.requireReadable(tx, SystemCaller.INSTANCE, r.key());
            // Everything after the run's input (its output, and what clients appended meanwhile) moves to the
            // archive, where admins read it as reason "rollback" with this run's id.
            archive.moveAfter(tx, fresh, r.inputSeq(), Removal.rollback(r.id()));
        }
        Run latest = runs.find(tx, r.id()).orElseThrow();
        RunStatus finalStatus = status;
        String finalError = error;
        Instant now = now();
        Run ended = latest.with(d -> {
            d.status = finalStatus;
            d.endedAt = now;
            d.exitCode = v.exitCode();
            d.error = finalError;
            if (out != null) d.usage = out.usageJson();
        });
        runs.update(tx, ended);
        tx.afterCommit(() -> metrics.counter("switchboard.runs.ended", "status", finalStatus.wire()).increment());
        EventType type = switch (finalStatus) {
            case SUCCEEDED -> EventType.RUN_COMPLETED;
            case ABORTED -> EventType.RUN_ABORTED;
            default -> EventType.RUN_FAILED;
        };
        if (s != null) emit(tx, type, ended, s);
        else events.append(tx, type, r.key(), null, null, clock.millis(), ended);
    }

    private Session sessionIfAny(Tx tx, String key) throws SQLException {
        try {
            return sessions.requireReadable(tx, SystemCaller.INSTANCE, key);
        } catch (ProblemException e) {
            return null;
        }
    }

    /** Ends a queued run that will never start (aborted, or its session is gone) in the caller's transaction. */
    void endQueuedInTx(Tx tx, Run r, RunStatus status, String error) throws SQLException {
        endInTx(tx, r, null, new Verdict(status, null, error, false));
    }

    // ---- start-up ----

    /**
     * Reconciles runs left active by an earlier server process (call once, before serving): see the class
     * comment. Then every session with queued runs gets its lane going.
     */
    public void reconcile() {
        for (Run r : db.read(tx -> runs.withStatus(tx, RunStatus.RUNNING))) {
            try {
                reconcile(r);
            } catch (RuntimeException e) {
                // One unreadable run must not keep the server from starting; it stays running until looked at.
                log.error("run {}: reconciliation failed", r.id(), e);
            }
        }
        for (String key : db.read(runs::keysWithActiveRuns)) lanes.kick(key);
    }

    private void reconcile(Run r) {
        Agent agent = db.read(tx -> agents.find(tx, r.agent())).orElse(null);
        Optional<ProcessHandle> alive = sameProcess(r);
        if (r.abortRequested()) {
            alive.ifPresent(h -> terminate(h, agent));
            end(r.id(), null, x -> new Verdict(RunStatus.ABORTED, null, x.abortReason(), false));
        } else if (agent != null && agent.spec() instanceof AgentSpec.Process && alive.isPresent()) {
            reattachable.put(r.id(), alive.get());
            log.info("run {}: process {} survived the restart; re-attaching", r.id(), r.pid());
        } else {
            lose(r, lostReason(r, agent));
        }
    }


    private static Optional<ProcessHandle> sameProcess(Run r) {
        if (r.pid() == null || r.pidStartedAt() == null) return Optional.empty();
        return ProcessHandle.of(r.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(i -> i.toEpochMilli() == r.pidStartedAt()).orElse(false));
    }

    private static String lostReason(Run r, Agent agent) {
        if (agent == null) return "the server restarted during the run, and agent " + r.agent() + " is no longer defined";
        if (!(agent.spec() instanceof AgentSpec.Process)) {
            return "the server stopped during the run; " + agent.spec().adapter() + " runs can't continue across a restart";
        }
        if (r.pid() == null) return "the server stopped before the agent's process was started";
        boolean reused = ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false);
        return "the server stopped during the run and its process (pid " + r.pid() + ") "
                + (reused ? "was replaced by another process with the same pid" : "is no longer running")
                + "; its output up to then is in the transcript and the logs";
    }

    /** Marks a run {@code lost}; a process run's unread stdout is appended first (marked partial). */
    private void lose(Run r, String reason) {
        RunOutput out = null;
        Path dir = runDir(r.id());
        Session s = db.read(tx -> sessionIfAny(tx, r.key()));
        if (s != null && r.pid() != null && java.nio.file.Files.isDirectory(dir)) {
            out = new RunOutput(r, s, db, transcripts, messageInput, events, runs, directives, clock, maxMessageChars);
            try {
                ProcessAdapter.drainLog(dir, r.outputOffset(), out);
            } catch (java.io.IOException | RuntimeException e) {
                log.warn("run {}: reading its stdout log failed: {}", r.id(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.warn("run {}: lost: {}", r.id(), reason);
        end(r.id(), out, x -> new Verdict(RunStatus.LOST, null, reason, true));
    }

    private static void terminate(ProcessHandle h, Agent agent) {
        Duration grace = agent != null && agent.spec() instanceof AgentSpec.Process p ? p.grace() : Duration.ofSeconds(5);
        new ProcessAdapter.Terminator(h, grace).stop();
        try {
            h.onExit().get(grace.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
            // SIGKILL has been sent; nothing more to do
        }
    }

    // ---- live directives ----

    private void onEvent(Event e) {
        if (e.eventType() != EventType.DIRECTIVE_CREATED || executions.isEmpty()) return;
        // Delivering writes to the store, and hub listeners must not block (they run on the hub's one dispatcher
        // thread, which every live subscriber waits on): deliver on a thread of its own.
        Thread.ofVirtual().name("directive-live").start(() -> {
            try {
                deliverLive(Json.MAPPER.readValue(e.data(), Directive.class));
            } catch (java.io.IOException | RuntimeException ex) {
                log.warn("live delivery of directive event {} failed: {}", e.seq(), ex.toString());
            }
        });
    }

    private void deliverLive(Directive d) {
        for (Execution x : executions.values()) {
            if (!(x.adapter() instanceof ProcessAdapter p) || !p.acceptsLiveInput()) continue;
            Session s = x.session();
            boolean addressed = d.sessionKey() != null ? d.sessionKey().equals(s.key())
                    : d.target().matches(s.channel(), s.agent());
            if (!addressed) continue;
            boolean record = db.write(tx -> directives.recordLiveDelivery(tx, d, s.key(), x.run().id()));
            if (record && !p.sendLine(DirectiveText.directiveLine(d))) {
                log.warn("run {}: directive {} recorded as delivered but the agent's stdin had closed", x.run().id(), d.id());
            }
        }
    }

    // ---- shutdown ----

    /**
     * Stops picking runs, stops echo/http runs (recorded as aborted) and detaches from process runs (left
     * running, re-attached by the next start), waiting a bounded time for all of that to be recorded.
     */
    @Override
    public void close() {
        closing = true;
        try {
            directiveSubscription.close();
        } catch (Exception ignored) {
            // removing a listener can't fail in a way that matters at shutdown
        }
        var pending = executions.values().stream().map(x -> {
            x.stop().stop(StopSignal.Reason.SHUTDOWN);
            return x.done();
        }).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(pending).get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("{} runs had not recorded their end when shutdown stopped waiting", executions.size());
        }
    }
}
