package dev.switchboard.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a running adapter to stop, once, for one reason. Adapters register what stopping means for them
 * (signal a process, close an HTTP stream) with {@link #onStop}; a hook registered after the stop runs at once.
 */
public final class StopSignal {
    /** Why a run is being stopped. */
    public enum Reason { ABORT, TIMEOUT, SHUTDOWN }

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Runnable> hooks = new ArrayList<>();
    private Reason reason;

    /** Requests the stop; only the first call counts. Hooks run on the caller's thread and must not block long. */
    public void stop(Reason why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) return;
            reason = why;
            toRun = List.copyOf(hooks);
            hooks.clear();
        }
        stopped.countDown();
        toRun.forEach(StopSignal::runQuietly);
    }

    public void onStop(Runnable hook) {
        synchronized (this) {
            if (reason == null) {
                hooks.add(hook);
                return;
            }
        }
        runQuietly(hook);
    }

    public synchronized Reason reason() {
        return reason;
    }

    public boolean stopped() {
        return stopped.getCount() == 0;
    }

    /** Waits up to {@code d}; true when the stop was requested meanwhile. */
    public boolean await(Duration d) throws InterruptedException {
        return stopped.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void runQuietly(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(StopSignal.class).warn("stop hook failed: {}", e.toString());
        }
    }
}
