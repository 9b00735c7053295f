package dev.switchboard.store;

import dev.switchboard.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether writes commit right now, for {@code /readyz}, {@code /metrics} and the log. Written by the writer
 * thread only; read by anyone.
 *
 * <p>Metrics: {@code switchboard_store_writable} (1 or 0) and {@code switchboard_store_commit_failures_total{cause}}
 * ({@code disk_full}, {@code io_error}, {@code busy}, …). The log names the cause and the file the first time a
 * streak of failures starts, then once a minute while it lasts, and says when writes commit again.
 */
public final class WriterHealth {
    private static final Logger log = LoggerFactory.getLogger(WriterHealth.class);
    private static final long REPEAT_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Why writes fail, and since when (System.nanoTime). */
    public record Failure(String cause, String detail, long since) {}

    private final String file;
    private final WriteFailures failures;
    private final MeterRegistry metrics;
    private volatile Failure failure;
    /** Set by the store's checkpoints when they fail for lack of space or I/O (SQLite), cleared when one succeeds. */
    private volatile Failure checkpointFailure;
    private long failedBatches;
    private long lastLogged;

    WriterHealth(String file, WriteFailures failures, MeterRegistry metrics) {
        this.file = file;
        this.failures = failures;
        this.metrics = metrics;
        Gauge.builder("switchboard.store.writable", this, h -> h.failure() == null ? 1 : 0)
                .description("1 while writes commit, 0 after a commit failed until one succeeds again")
                .register(metrics);
    }

    /**
     * Null while writes commit. A failing checkpoint counts too: small writes may still fit in the WAL, but a store
     * that cannot copy it back cannot reuse it and runs out at the next larger write.
     */
    public Failure failure() {
        Failure f = failure;
        return f != null ? f : checkpointFailure;
    }

    /** A checkpoint failed with {@code cause} ({@link WriteFailures#cause}); an ordinary busy checkpoint is no failure. */
    public void checkpointFailed(Throwable cause, String detail) {
        String name = failures.cause(cause);
        if (checkpointFailure == null) log.error("checkpoints of {} fail ({}): {}", file, name, detail);
        checkpointFailure = new Failure(name, detail, System.nanoTime());
    }

    public void checkpointed() {
        if (checkpointFailure == null) return;
        log.info("checkpoints of {} succeed again", file);
        checkpointFailure = null;
    }

    void committed() {
        if (failure == null) return;
        log.info("writes to {} commit again, after {} failed batches in {} s", file, failedBatches,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failure.since()));
        failure = null;
        failedBatches = 0;
    }

    void failed(StoreException answer, int writes, Throwable cause) {
        String name = failures.cause(cause);
        Counter.builder("switchboard.store.commit.failures")
                .description("Batches of writes that did not commit, by cause")
                .tag("cause", name).register(metrics).increment();
        long now = System.nanoTime();
        failedBatches++;
        if (failure == null || !failure.cause().equals(name)) {
            failure = new Failure(name, answer.getMessage(), now);
            lastLogged = now;
            log.error("a batch of {} writes to {} did not commit ({}): {}; clients are told so and nothing was written",
                    writes, file, name, answer.getMessage(), cause);
        } else if (now - lastLogged > REPEAT_LOG_NANOS) {
            lastLogged = now;
            log.error("writes to {} still fail ({}): {} batches failed in {} s", file, name, failedBatches,
                    TimeUnit.NANOSECONDS.toSeconds(now - failure.since()));
        }
    }
}
