package dev.switchboard.run;

import dev.switchboard.session.Session;
import dev.switchboard.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up reconciliation of runs an earlier server process left {@code running} (before the server serves):
 * a run is re-attached when its process is still alive and is the same process (pid and start time match —
 * pids are reused), else it becomes {@code lost} with an explanatory {@code error} and a {@code run.failed}
 * event, its unread stdout appended first. Re-attachable processes wait here until their session's lane
 * {@link #takeReattachable takes} them.
 */
final class RunReconciler {
    private static final Logger log = LoggerFactory.getLogger(RunReconciler.class);

    private final Database db;
    private final RunStore runs;
    private final AgentRegistry agents;
    private final RunCompletion completion;
    private final RunOutputs outputs;
    private final Path dataDir;
    private final RunOwnership ownership;
    private final Map<String, ProcessHandle> reattachable = new ConcurrentHashMap<>();

    RunReconciler(Database db, RunStore runs, AgentRegistry agents, RunCompletion completion, RunOutputs outputs,
                  Path dataDir, RunOwnership ownership) {
        this.ownership = ownership;
        this.db = db;
        this.runs = runs;
        this.agents = agents;
        this.completion = completion;
        this.outputs = outputs;
        this.dataDir = dataDir;
    }

    /** Reconciles every run left running; one unreadable run does not keep the server from starting. */
    void reconcile() {
        for (Run r : db.read(tx -> runs.withStatus(tx, RunStatus.RUNNING))) {
            if (ownership.ownedElsewhere(r)) continue; // another node's: it runs it, or reconcileLapsed ends it
            try {
                reconcile(r);
            } catch (RuntimeException e) {
                // It stays running until looked at.
                log.error("run {}: reconciliation failed", r.id(), e);
            }
        }
    }

    /**
     * The cluster duty of reconciling runs whose owner stopped renewing its lease (see {@link RunOwnership}): each is
     * marked lost with the reason. A lapsed lease of a run this node is still executing is left to the next renewal.
     */
    void reconcileLapsed(Predicate<String> executingHere) {
        for (RunLeaseStore.Lease l : ownership.lapsed()) {
            if (executingHere.test(l.runId())) continue;
            db.read(tx -> runs.find(tx, l.runId())).filter(r -> r.status() == RunStatus.RUNNING)
                    .ifPresent(r -> lose(r, RunOwnership.lostReason(l)));
        }
    }

    /** Whether another node executes {@code run} (see {@link RunOwnership#ownedElsewhere}). */
    boolean ownedElsewhere(Run run) {
        return ownership.ownedElsewhere(run);
    }

    /** The live process of a run found re-attachable, once; null when there is none. */
    ProcessHandle takeReattachable(String runId) {
        return reattachable.remove(runId);
    }

    private void reconcile(Run r) {
        Agent agent = db.read(tx -> agents.find(tx, r.agent())).orElse(null);
        Optional<ProcessHandle> alive = sameProcess(r);
        if (r.abortRequested()) {
            alive.ifPresent(h -> terminate(h, agent));
            completion.end(r.id(), null, x -> new Verdict(RunStatus.ABORTED, null, x.abortReason(), false));
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
    void lose(Run r, String reason) {
        RunOutput out = null;
        Path dir = RunFiles.runDir(dataDir, r.id());
        Session s = db.read(tx -> completion.session(tx, r.key()));
        if (s != null && r.pid() != null && Files.isDirectory(dir)) {
            out = outputs.open(r, s);
            try {
                ProcessAdapter.drainLog(dir, r.outputOffset(), out);
            } catch (IOException | RuntimeException e) {
                log.warn("run {}: reading its stdout log failed: {}", r.id(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.warn("run {}: lost: {}", r.id(), reason);
        completion.end(r.id(), out, x -> new Verdict(RunStatus.LOST, null, reason, true));
    }

    /** Stops a process this server is not the parent of: SIGTERM, SIGKILL after the agent's grace. */
    static void terminate(ProcessHandle h, Agent agent) {
        Duration grace = agent != null && agent.spec() instanceof AgentSpec.Process p ? p.grace() : Duration.ofSeconds(5);
        new ProcessTree(h, grace).stop();
        try {
            ProcessTree.exits(h, grace.plusSeconds(2)); // then SIGKILL has been sent; nothing more to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
