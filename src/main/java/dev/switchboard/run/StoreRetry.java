package dev.switchboard.run;

import dev.switchboard.store.Database;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.TxWork;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of a run's life — its start, its pid, its output, its end — retried with exponential backoff when
 * the store refuses them for a reason that passes ({@link StoreException.Kind#UNAVAILABLE}: its write queue is
 * full, or a write waited too long to be started and was withdrawn). Such a refusal means nothing was written,
 * so a retry can't write twice (an output message appended twice, say). Not retried: an unavailability after
 * which the write may still commit ({@link StoreException.Kind#UNCONFIRMED}: an interrupt, or a write the store
 * took but could not confirm in time) — and anything else (a rule the write breaks, a full disk, the
 * server shutting down). After {@link #PATIENCE} the last refusal is thrown: the caller decides what the run
 * becomes. Each retry is counted in {@code switchboard.runs.store_retries{step}}.
 */
final class StoreRetry {
    private static final Logger log = LoggerFactory.getLogger(StoreRetry.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    /** The longest pause: a queue that full drains in well under a second once the burst is over. */
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);
    /** How long a run keeps trying before its step fails (then with a reason that says to try again). */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Database db;
    private final MeterRegistry metrics;
    private final BooleanSupplier closing;

    StoreRetry(Database db, MeterRegistry metrics, BooleanSupplier closing) {
        this.db = db;
        this.metrics = metrics;
        this.closing = closing;
    }

    /** {@code db.write(work)}, retried as described above; {@code step} names it in logs and metrics. */
    <R> R write(String step, String runId, TxWork<R> work) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return db.write(work);
            } catch (StoreException e) {
                if (!nothingWritten(e) || closing.getAsBoolean() || System.nanoTime() + pause.toNanos() - deadline > 0) {
                    throw e;
                }
                metrics.counter("switchboard.runs.store_retries", "step", step).increment();
                if (attempt == 1) log.warn("run {}: the store refused its {} ({}); retrying for up to {} s", runId, step,
                        e.getMessage(), PATIENCE.toSeconds());
                pause(pause, e);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** Whether the store said it wrote nothing and may take the write later (see the class comment). */
    static boolean nothingWritten(StoreException e) {
        return e.kind() == StoreException.Kind.UNAVAILABLE && !Thread.currentThread().isInterrupted();
    }

    private static void pause(Duration d, StoreException refusal) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refusal;
        }
    }
}
