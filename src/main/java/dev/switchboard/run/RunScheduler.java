package dev.switchboard.run;

import dev.switchboard.problem.ProblemException;
import dev.switchboard.session.Session;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queueing and slots: one {@link SessionLanes lane} per session takes the session's next run, gets a slot of
 * its agent ({@link AgentSlots}, {@code max_concurrent}), starts it ({@link RunStarter}) and executes it
 * ({@link RunExecutor}); a run left running by an earlier server process is re-attached or lost
 * ({@link RunReconciler}). A run that has to wait for a slot ends its lane; the slot's grant wakes it.
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
    private final AgentSlots slots;
    private final StoreRetry retry;
    private final SessionLanes lanes = new SessionLanes(this::drain);
    private final BooleanSupplier closing;

    /** @param closing true once the server is shutting down: lanes stop picking runs (queued ones stay queued) */
    RunScheduler(Database db, RunStore runs, AgentRegistry agents, RunStarter starter, RunExecutor executor,
                 RunCompletion completion, RunReconciler reconciler, AgentSlots slots, StoreRetry retry,
                 BooleanSupplier closing) {
        this.db = db;
        this.runs = runs;
        this.agents = agents;
        this.starter = starter;
        this.executor = executor;
        this.completion = completion;
        this.reconciler = reconciler;
        this.slots = slots;
        this.retry = retry;
        this.closing = closing;
    }

    /** Wakes the session's lane: after a run was committed, or when a slot was granted to its next run. */
    void kick(String key) {
        if (!closing.getAsBoolean()) lanes.kick(key);
    }

    /** The lane: one session's runs, one after another, until none is left or the next one waits for a slot. */
    private void drain(String key) {
        while (!closing.getAsBoolean()) {
            List<Run> active = db.read(tx -> runs.active(tx, key));
            if (active.isEmpty()) return;
            Run next = active.getFirst();
            try {
                if (next.status() == RunStatus.RUNNING) {
                    ProcessHandle handle = reconciler.takeReattachable(next.id());
                    if (handle != null) reattach(next, handle);
                    else if (reconciler.ownedElsewhere(next)) return; // its owner (or, lapsed, the reconciliation) ends it
                    else reconciler.lose(next, "the run was left running without a supervisor (a previous attempt to end it failed)");
                } else if (!execute(next)) {
                    return; // waits for a slot: the grant wakes this lane again
                }
            } catch (RuntimeException e) {
                if (closing.getAsBoolean()) return; // the store is closing under it: the run is reconciled at the next start
                log.error("run {}: failed to execute", next.id(), e);
                completion.end(next.id(), null, r -> Verdict.failed("internal error: " + e.getMessage()));
            }
        }
    }

    /** Starts and executes a queued run; false when it has to wait for a slot. */
    private boolean execute(Run queued) {
        Agent agent = db.read(tx -> agents.find(tx, queued.agent())).orElse(null);
        if (agent == null) {
            completion.end(queued.id(), null, r -> Verdict.failed("agent " + queued.agent() + " is no longer defined"));
            return true;
        }
        AgentSlots.Permit slot = slots.take(agent, queued.id(), queued.key());
        if (slot == null) return false;
        // The executor releases the slot as soon as the adapter returns; this releases it on every other path.
        try (slot) {
            RunStarter.Started started = start(queued, agent);
            if (started != null) executor.execute(started, agent, slot);
        }
        return true;
    }

    /** The start write; null when the run does not start (it ended, or it had ended already). */
    private RunStarter.Started start(Run queued, Agent agent) {
        try {
            return retry.write("start", queued.id(), tx -> starter.start(tx, queued.id(), agent));
        } catch (ProblemException e) {
            completion.end(queued.id(), null, r -> Verdict.failed("the input could not be appended: " + e.detail()));
        } catch (StoreException e) {
            if (!e.isTransient() || closing.getAsBoolean()) throw e; // shutting down: it stays queued for the next start
            completion.end(queued.id(), null, r -> Verdict.failed("the run could not start: the store stayed too busy "
                    + "for " + StoreRetry.PATIENCE.toSeconds() + " s (" + e.getMessage() + "); send the input again"));
        }
        return null;
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
        try (AgentSlots.Permit slot = slots.forReattached(agent)) {
            executor.reattach(run, s, agent, handle, slot);
        }
    }
}
