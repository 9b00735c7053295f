package dev.switchboard.run.launch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent and every process it started, all descendants of the launcher (their child subreaper). Ends them
 * together: whatever is left when the agent exits gets SIGTERM, then SIGKILL after the grace period, and the
 * family has ended once the launcher has no child left — with a subreaper, no child means no descendant.
 */
final class Family {
    /** Orphans that exit become zombie children of the launcher; reaped this often while the agent runs. */
    private static final Duration REAP_EVERY = Duration.ofSeconds(1);
    /** How often the end of the stragglers is checked while they stop: short, it only lasts the grace period. */
    private static final Duration TICK = Duration.ofMillis(20);

    /** Bounds the wait for the pipes' last bytes (only a process that escaped the family still holds them). */
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(2);

    private final Duration grace;
    /** Set once, under this object's lock, which {@link #stopOnSignal} takes too. */
    private Process agent;
    private boolean stopping;
    private final ProcessHandle self = ProcessHandle.current();
    /** Each process gets one SIGTERM: a second one makes some programs skip their clean-up. */
    private final Set<Long> termed = ConcurrentHashMap.newKeySet();
    private volatile boolean ended;

    Family(Duration grace) {
        this.grace = grace;
    }

    /** What copies the agent's output, when the launcher does; drained before the launcher exits. */
    private volatile Interleaver output;

    /** Starts the agent; null when the launcher was asked to stop first (then nothing is started). */
    synchronized Process start(ProcessBuilder pb) throws java.io.IOException {
        if (stopping) return null;
        agent = pb.start();
        return agent;
    }

    void copiedBy(Interleaver interleaver) {
        output = interleaver;
    }

    /** Waits for the agent, then ends what it left behind; returns the agent's exit status (128 + signal if killed). */
    int awaitEnd() throws InterruptedException {
        while (!agent.waitFor(REAP_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) reapOrphans();
        int exit = agent.exitValue();
        endStragglers();
        drainOutput();
        ended = true;
        return exit;
    }

    /**
     * The launcher itself was asked to stop (SIGTERM/SIGINT/SIGHUP; its JVM runs this as a shutdown hook):
     * the family gets the same treatment as stragglers, then the launcher exits with the agent's status.
     */
    void stopOnSignal() {
        synchronized (this) {
            stopping = true;
            if (agent == null) return; // stopped before the agent started: nothing to end
        }
        if (ended) return; // the normal exit: nothing is left
        try {
            endStragglers();
            drainOutput();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(agent.isAlive() ? 128 + 9 : agent.exitValue());
    }

    /** The family has ended, so the pipes end too: what is still in them reaches the logs before the exit. */
    private void drainOutput() throws InterruptedException {
        Interleaver out = output;
        if (out != null) out.drain(DRAIN_BOUND);
    }

    private void endStragglers() throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            reapOrphans();
            if (self.children().findAny().isEmpty()) return;
            boolean late = System.nanoTime() - deadline > 0;
            for (ProcessHandle p : self.descendants().toList()) {
                if (late) p.destroyForcibly();
                else if (termed.add(p.pid())) p.destroy();
            }
            Thread.sleep(TICK);
        }
    }

    /** Reaps the launcher's exited children other than the agent (the JDK reaps the agent for {@link Process}). */
    private void reapOrphans() {
        long agentPid = agent.pid();
        self.children().filter(c -> c.pid() != agentPid).forEach(c -> Native.reap(c.pid()));
    }
}
