package dev.switchboard;

import org.slf4j.Logger;

/**
 * A graceful stop, stage by stage: each stage runs even when an earlier one failed (what it releases must still
 * be released), is logged with how long it took, and the first failure is rethrown at the end.
 */
final class ShutdownStages {
    private final Logger log;
    private final long started = System.nanoTime();
    private RuntimeException failure;

    ShutdownStages(Logger log) {
        this.log = log;
        log.info("stopping");
    }

    void run(String stage, Runnable work) {
        long t0 = System.nanoTime();
        try {
            work.run();
            log.info("stopped {} in {} ms", stage, millisSince(t0));
        } catch (RuntimeException e) {
            log.warn("stopping {} failed after {} ms: {}", stage, millisSince(t0), e.toString());
            if (failure == null) failure = e;
            else failure.addSuppressed(e);
        }
    }

    /** Logs the total; rethrows the first stage's failure, if any. */
    void done() {
        log.info("stopped in {} ms", millisSince(started));
        if (failure != null) throw failure;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
