package dev.switchboard;

import dev.switchboard.store.ClusterDuties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic background jobs (sweeping, pruning, indexing). Each job runs on a thread of its own, so a slow job
 * never delays another and a job never overlaps itself (the next run starts one period after the last ended).
 * A failing job — any {@link Throwable}, an {@code Error} included — is logged with its stack trace the first
 * time (then once a minute while it keeps failing, and once when it recovers), counted in
 * {@code switchboard_housekeeping_seconds{job, outcome}}, and run again next period: nothing cancels it for good.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    /** How long a job that keeps failing stays quiet in the log between reports. */
    private static final long REPEAT_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How long close() waits for a running job to notice the interrupt (a write in flight finishes first). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final MeterRegistry metrics;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    Housekeeping(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    synchronized void every(Duration period, String name, Runnable job) {
        if (closed) throw new IllegalStateException("housekeeping is closed");
        var loop = new JobLoop(name, period, job,
                timer(name, "success"), timer(name, "failure"));
        threads.add(Thread.ofPlatform().name("housekeeping-" + name.replace(' ', '-')).daemon(true).start(loop));
    }

    /**
     * A cluster duty: runs {@code job} each period only while this node holds the duty {@code name} (on PostgreSQL one
     * node of the cluster at a time, taken over when it dies; on SQLite, the only node always).
     */
    synchronized void everyOnce(ClusterDuties duties, Duration period, String name, Runnable job) {
        every(period, name, () -> {
            if (duties.holds(name)) job.run();
        });
    }

    private Timer timer(String job, String outcome) {
        return Timer.builder("switchboard.housekeeping")
                .description("Runs of background jobs and how long they took")
                .tag("job", job).tag("outcome", outcome)
                .register(metrics);
    }

    private final class JobLoop implements Runnable {
        private final String name;
        private final Duration period;
        private final Runnable job;
        private final Timer success;
        private final Timer failure;
        private long failingSince;
        private long lastLogged;
        private int failures;

        JobLoop(String name, Duration period, Runnable job, Timer success, Timer failure) {
            this.name = name;
            this.period = period;
            this.job = job;
            this.success = success;
            this.failure = failure;
        }

        @Override
        public void run() {
            while (!closed) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return; // close()
                }
                runOnce();
            }
        }

        private void runOnce() {
            long started = System.nanoTime();
            try {
                job.run();
                success.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                if (failures > 0) log.info("{} works again after {} failed runs", name, failures);
                failures = 0;
            } catch (Throwable t) {
                failure.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                if (closed) return; // a job cut short by shutdown is not a failure worth reporting
                reportFailure(t, started);
            }
        }

        private void reportFailure(Throwable t, long now) {
            if (failures++ == 0) {
                failingSince = now;
                lastLogged = now;
                log.warn("{} failed; retrying every {}", name, period, t);
            } else if (now - lastLogged > REPEAT_LOG_NANOS) {
                lastLogged = now;
                log.warn("{} still failing ({} runs in {} s): {}", name, failures,
                        TimeUnit.NANOSECONDS.toSeconds(now - failingSince), t.toString());
            }
        }
    }

    @Override
    public void close() {
        List<Thread> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(threads);
        }
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread t : running) {
            try {
                if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    log.warn("{} did not stop within {}; leaving it (a daemon thread)", t.getName(), STOP_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
