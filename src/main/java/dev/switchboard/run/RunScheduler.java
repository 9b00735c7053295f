package dev.switchboard.run;

import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.store.Database;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queueing and slots: one {@link SessionLanes lane} per session takes the session's next run, waits for a
 * slot of its agent ({@link AgentSlots}, {@code max_concurrent}), starts it ({@link RunStarter}) and executes
 * it ({@link RunExecutor}); a run left running by an earlier server process is re-attached or lost
 * ({@link RunReconciler}).
 */
final class RunScheduler {
    private static final Logger log = LoggerFactory.getLogger(RunScheduler.class);

    private final Database db;
    private final RunStore runs;
    private final AgentRegistry agents;
    private final RunStarter starter;
    private final RunExecutor executor;
    private final RunCompletion completion;
    private final RunReconciler reconciler;
    private final SessionLanes lanes = new SessionLanes(this::drain);
    private final AgentSlots slots = new AgentSlots();
    private final BooleanSupplier closing;

    /** @param closing true once the server is shutting down: lanes stop picking runs (queued ones stay queued) */
    RunScheduler(Database db, RunStore runs, AgentRegistry agents, RunStarter starter, RunExecutor executor,
                 RunCompletion completion, RunReconciler reconciler, BooleanSupplier closing) {
        this.db = db;
        this.runs = runs;
        this.agents = agents;
        this.starter = starter;
        this.executor = executor;
        this.completion = completion;
        this.reconciler = reconciler;
        this.closing = closing;
    }

    /** Wakes the session's lane after a run was committed (call after commit). */
    void kick(String key) {
        if (!closing.getAsBoolean()) lanes.kick(key);
    }

    /** The lane: one session's runs, one after another, until none is left. */
    private void drain(String key) {
        while (!closing.getAsBoolean()) {
            List<Run> active = db.read(tx -> runs.active(tx, key));
            if (active.isEmpty()) return;
            Run next = active.getFirst();
            try {
                if (next.status() == RunStatus.RUNNING) {
                    ProcessHandle handle = reconciler.takeReattachable(next.id());
                    if (handle != null) reattach(next, handle);
                    else reconciler.lose(next, "the run was left running without a supervisor (a previous attempt to end it failed)");
                } else {
                    execute(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("run {}: failed to execute", next.id(), e);
                completion.end(next.id(), null, r -> Verdict.failed("internal error: " + e.getMessage()));
            }
        }
    }

    private void execute(Run queued) throws InterruptedException {
        Agent agent = db.read(tx -> agents.find(tx, queued.agent())).orElse(null);
        if (agent == null) {
            completion.end(queued.id(), null, r -> Verdict.failed("agent " + queued.agent() + " is no longer defined"));
            return;
        }
        try (AgentSlots.Permit permit = slots.acquire(agent, () -> closing.getAsBoolean() || !stillQueued(queued.id()))) {
            if (permit == null) return; // aborted while waiting for a slot, or shutting down (stays queued)
            RunStarter.Started started;
            try {
                started = db.write(tx -> starter.start(tx, queued.id()));
            } catch (ProblemException e) {
                completion.end(queued.id(), null, r -> Verdict.failed("the input could not be appended: " + e.detail()));
                return;
            }
            if (started != null) executor.execute(started, agent);
        }
    }

    private boolean stillQueued(String runId) {
        return db.read(tx -> runs.find(tx, runId)).map(r -> r.status() == RunStatus.QUEUED).orElse(false);
    }

    /** A process found alive after a restart: follow it to its end. */
    private void reattach(Run run, ProcessHandle handle) {
        Agent agent = db.read(tx -> agents.find(tx, run.agent())).orElseThrow();
        Session s = db.read(tx -> completion.session(tx, run.key()));
        if (s == null) {
            RunReconciler.terminate(handle, agent);
            completion.end(run.id(), null, r -> Verdict.failed("the session was deleted during the run"));
            return;
        }
        try (AgentSlots.Permit ignored = slots.forReattached(agent)) {
            executor.reattach(run, s, agent, handle);
        }
    }
}
