package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.context.AssembledContext;
import dev.switchboard.context.ContextAssembler;
import dev.switchboard.directive.Directive;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one run's adapter on the calling (lane) thread, outside any write transaction: registers it in
 * {@link Executions} so aborts reach it, records the process's pid the moment it exists, coalesces its
 * {@code run.output} deltas with a flusher, stops it on timeout, and hands its outcome to
 * {@link RunCompletion}.
 */
final class RunExecutor {
    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);
    /** Coalescing window for {@code run.output} deltas: live enough for a UI, ≤ 20 commits/s per run. */
    static final Duration FLUSH_EVERY = Duration.ofMillis(50);

    /** How long the end of a run waits for its flusher's last commit before interrupting it. */
    private static final Duration FLUSHER_WAIT = Duration.ofSeconds(10);

    /**
     * One run to drive: {@code reattach} is a process found alive after a restart (then prompt and directives are
     * empty); {@code slot} is released as soon as the adapter has returned.
     */
    private record Job(Run run, Session session, Agent agent, Adapter adapter, JsonNode input, String prompt,
                       List<Directive> directives, ProcessHandle reattach, AgentSlots.Permit slot) {}

    private final Database db;
    private final RunStore runs;
    private final ContextAssembler contexts;
    private final RunOutputs outputs;
    private final Executions executions;
    private final RunCompletion completion;
    private final StoreRetry retry;
    private final DirectiveFeed.Deps feeds;
    private final Adapters adapters = new Adapters();
    private final Clock clock;
    private final Path dataDir;
    private final BooleanSupplier closing;

    RunExecutor(Database db, RunStore runs, ContextAssembler contexts, RunOutputs outputs, Executions executions,
                RunCompletion completion, StoreRetry retry, DirectiveFeed.Deps feeds, Clock clock, Path dataDir,
                BooleanSupplier closing) {
        this.db = db;
        this.runs = runs;
        this.contexts = contexts;
        this.outputs = outputs;
        this.executions = executions;
        this.completion = completion;
        this.retry = retry;
        this.feeds = feeds;
        this.clock = clock;
        this.dataDir = dataDir;
        this.closing = closing;
    }

    /** Runs a run that has just started, in {@code slot}. */
    void execute(RunStarter.Started started, Agent agent, AgentSlots.Permit slot) {
        Run run = started.run();
        Adapter adapter = adapters.create(agent.spec(), (pid, at) -> recordPid(run.id(), pid, at));
        String prompt = DirectiveText.prompt(ContentText.of(started.input().path("content")), started.directives());
        drive(new Job(run, started.session(), agent, adapter, started.input(), prompt, started.directives(), null, slot));
    }

    /** Follows a process found alive after a restart to its end. */
    void reattach(Run run, Session session, Agent agent, ProcessHandle process, AgentSlots.Permit slot) {
        Adapter adapter = adapters.create(agent.spec(), (pid, at) -> {});
        drive(new Job(run, session, agent, adapter, Json.readStored(run.input()), "", List.of(), process, slot));
    }

    private void drive(Job job) {
        Run run = job.run();
        var stop = new StopSignal();
        var out = outputs.open(run, job.session());
        var feed = new DirectiveFeed(run.id(), run.key(), job.adapter() instanceof ProcessAdapter p ? p : null, feeds);
        var execution = new Executions.Execution(run, job.session(), job.adapter(), stop, feed, Thread.currentThread(),
                new CompletableFuture<>());
        executions.add(execution);
        try {
            Outcome outcome = runAdapter(job, stop, out);
            if (outcome.detached()) {
                log.info("run {}: left running for the next server start to re-attach", run.id());
            } else {
                StopSignal.Reason reason = stop.reason();
                Duration timeout = timeout(run, job.agent());
                completion.end(run.id(), out, r -> Verdict.of(r, outcome, reason, timeout));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutdown gave up waiting: the next start reconciles the run
        } finally {
            executions.remove(execution);
        }
    }

    /**
     * The adapter, with its output flusher and its timeout. When this returns (or throws) the timer and the
     * flusher are gone — the final write takes over the output, so the flusher must be (see RunOutput) — and
     * the agent's slot is released: the next run of the agent may start while this one records its end.
     */
    private Outcome runAdapter(Job job, StopSignal stop, RunOutput out) throws InterruptedException {
        Run run = job.run();
        var flusherStop = new CountDownLatch(1);
        Thread flusher = Thread.ofVirtual().name("run-flush-" + run.id()).start(() -> flushLoop(run.id(), out, flusherStop));
        Thread timer = startTimer(run, job.agent(), stop);
        try {
            // An abort committed before this run was registered would have found nothing to stop.
            if (db.read(tx -> runs.find(tx, run.id())).map(Run::abortRequested).orElse(false)) stop.stop(StopSignal.Reason.ABORT);
            if (closing.getAsBoolean()) stop.stop(StopSignal.Reason.SHUTDOWN);
            return callAdapter(job, out, stop);
        } finally {
            timer.interrupt();
            job.slot().close();
            stopFlusher(run.id(), flusher, flusherStop);
        }
    }

    /**
     * Stops the flusher: not interrupted at first, as a flush waiting for its commit must finish; one that is
     * still waiting after {@link #FLUSHER_WAIT} (the store is stuck) is interrupted and gets as long again.
     */
    private static void stopFlusher(String runId, Thread flusher, CountDownLatch stop) throws InterruptedException {
        stop.countDown();
        if (flusher.join(FLUSHER_WAIT)) return;
        flusher.interrupt();
        if (!flusher.join(FLUSHER_WAIT)) throw new IllegalStateException("run " + runId + ": its output flusher is stuck");
    }

    private Outcome callAdapter(Job job, RunOutput out, StopSignal stop) {
        Run run = job.run();
        try {
            // The same assembly as GET /v1/sessions/{key}/context: a compacted session's run sees summary + tail.
            Supplier<AssembledContext> context = () -> context(run, job.agent());
            var ar = new AdapterRun(run, job.input(), job.prompt(), job.directives(), context,
                    RunFiles.runDir(dataDir, run.id()), out, stop);
            return job.reattach() != null ? ((ProcessAdapter) job.adapter()).reattach(ar, job.reattach()) : job.adapter().run(ar);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (ProblemException e) {
            return Outcome.failed("recording output failed: " + e.detail());
        } catch (StoreException e) {
            return Outcome.cutShort("recording output failed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("run {}: adapter failed", run.id(), e);
            return Outcome.failed("internal error: " + e);
        }
    }

    /** The run's own {@code timeout_seconds}, else its agent's. */
    private static Duration timeout(Run run, Agent agent) {
        Integer own = run.options().timeoutSeconds();
        return own != null ? Duration.ofSeconds(own) : agent.spec().timeout();
    }

    /** Stops the run when the agent's timeout (counted from the run's start, also across a restart) is up. */
    private Thread startTimer(Run run, Agent agent, StopSignal stop) {
        Duration timeout = timeout(run, agent);
        Duration left = run.startedAt() == null ? timeout : timeout.minus(Duration.between(run.startedAt(), clock.instant()));
        return Thread.ofVirtual().name("run-timeout-" + run.id()).start(() -> {
            try {
                Thread.sleep(left.isNegative() ? Duration.ZERO : left);
                stop.stop(StopSignal.Reason.TIMEOUT);
            } catch (InterruptedException e) {
                // the run ended first
            }
        });
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

    private AssembledContext context(Run run, Agent agent) {
        int max = agent.spec() instanceof AgentSpec.Http h ? h.maxContextMessages() : ContextAssembler.RUN_MESSAGES;
        return contexts.forRun(run.key(), max);
    }

    /** Recorded before any output is read, so a restarted server can tell whether the process is still this one. */
    private void recordPid(String runId, long pid, Instant startedAt) {
        retry.write("pid", runId, tx -> {
            Run r = runs.find(tx, runId).orElseThrow();
            runs.update(tx, r.with(d -> {
                d.pid = pid;
                d.pidStartedAt = startedAt == null ? null : startedAt.toEpochMilli();
            }));
            return null;
        });
    }
}
