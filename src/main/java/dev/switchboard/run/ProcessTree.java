package dev.switchboard.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops a process agent and every process it started: SIGTERM now, SIGKILL after the grace period.
 *
 * <p>Under the {@link ProcessLaunch launcher} the root is the launcher, a child subreaper, so every process the
 * agent started — daemons and re-parented orphans included — is one of its {@link ProcessHandle#descendants()}
 * until it exits: SIGTERM goes to those (not to the launcher, which exits by itself with the agent's status once
 * its family is gone — unless it has none yet, then it is told to stop before it starts the agent), and SIGKILL
 * to those first and only then, if it has not exited meanwhile, to the launcher,
 * so nothing is orphaned by killing it early. A root started without the launcher (not Linux, or a run from an
 * older server re-attached after a restart) is signalled with the descendants still linked to it by parentage,
 * as before: an orphan re-parented away from it is out of reach.
 */
final class ProcessTree {
    /** Kill rounds: a process forked between listing and killing is caught by the next round. */
    private static final int KILL_ROUNDS = 10;
    /** After its family is killed, the launcher reaps them and exits; it gets this long before it is killed too. */
    private static final Duration LAUNCHER_EXIT = Duration.ofSeconds(2);

    private final ProcessHandle root;
    private final Duration grace;
    private final boolean launcher;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean killed;

    ProcessTree(ProcessHandle root, Duration grace) {
        this.root = root;
        this.grace = grace;
        this.launcher = ProcessLaunch.isLauncher(root);
    }

    /** Starts stopping, once; returns at once (the SIGKILL escalation runs on a virtual thread of its own). */
    void stop() {
        if (!stopping.compareAndSet(false, true)) return;
        List<ProcessHandle> family = new ArrayList<>(root.descendants().toList());
        // A launcher without descendants has not started the agent yet: told to stop, it never will.
        if (!launcher || family.isEmpty()) root.destroy();
        family.forEach(ProcessHandle::destroy);
        Thread.ofVirtual().name("run-kill-" + root.pid()).start(() -> escalate(family));
    }

    private void escalate(List<ProcessHandle> family) {
        try {
            if (!exits(root, grace)) {
                killed = true;
                killDescendants();
                if (launcher) exits(root, LAUNCHER_EXIT);
                root.destroyForcibly();
            }
            // Without the launcher, descendants may outlive the root: whatever was seen of the family goes too.
            if (!launcher) family.forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killDescendants() throws InterruptedException {
        for (int round = 0; round < KILL_ROUNDS; round++) {
            List<ProcessHandle> left = root.descendants().toList();
            if (left.isEmpty()) return;
            left.forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(20); // killed processes linger as zombies until their parent reaps them
        }
    }

    /** Waits up to {@code d} for {@code p} to exit; true when it did. */
    static boolean exits(ProcessHandle p, Duration d) throws InterruptedException {
        try {
            p.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        }
    }

    /** How the stop went: null when it was never requested. */
    Outcome stoppedHow() {
        if (!stopping.get()) return null;
        return Outcome.failed(killed
                ? "killed with SIGKILL after " + grace.toSeconds() + " s grace (SIGTERM was not enough)"
                : "stopped with SIGTERM");
    }
}
