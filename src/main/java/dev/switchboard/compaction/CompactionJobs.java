package dev.switchboard.compaction;

import dev.switchboard.run.StopSignal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The summaries being produced by this server process, each on a virtual thread of its own, at most
 * {@code [compaction] max_concurrent} at once (a fair semaphore; a compaction waits at most {@link #SLOT_WAIT_FACTOR}
 * × {@code [compaction] timeout} for a slot, then fails). Each ends with exactly one write ({@link CheckpointWrites}):
 * complete or failed, whatever happens — a failure to write leaves the checkpoint running for the reconciliation
 * (at the next start, or {@link CompactionService#reapOrphans} for checkpoints no job executes).
 *
 * <p>Shutdown ({@link #close}) stops every summarizer (SIGTERM/SIGKILL for processes, closed http streams), records
 * them failed ("the server shut down …"), and waits a bounded time for those writes before the store closes.
 */
final class CompactionJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CompactionJobs.class);
    static final int SLOT_WAIT_FACTOR = 4;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);
    static final String SHUTDOWN = "the server shut down during the compaction; the context is unchanged";

    private record Job(StopSignal stop, CompletableFuture<Checkpoint> done) {}

    private final Summarizer summarizer;
    private final CheckpointWrites writes;
    private final Semaphore slots;
    private final int maxConcurrent;
    private final Duration slotWait;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final CompactionMetrics metrics;
    private volatile boolean closing;

    CompactionJobs(Summarizer summarizer, CheckpointWrites writes, CompactionMetrics metrics, int maxConcurrent,
                   Duration timeout) {
        this.summarizer = summarizer;
        this.writes = writes;
        this.metrics = metrics;
        this.slots = new Semaphore(maxConcurrent, true);
        this.maxConcurrent = maxConcurrent;
        this.slotWait = timeout.multipliedBy(SLOT_WAIT_FACTOR);
    }

    int size() {
        return jobs.size();
    }

    boolean executing(String id) {
        return jobs.containsKey(id);
    }

    /** Completes with the checkpoint as its job left it (null if it vanished); empty when no job executes it here. */
    Optional<CompletableFuture<Checkpoint>> done(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::done);
    }

    /** Starts producing {@code cp}'s summary (call after the transaction that made it running committed). */
    void start(Checkpoint cp) {
        var job = new Job(new StopSignal(), new CompletableFuture<>());
        jobs.put(cp.id(), job);
        if (closing) job.stop().stop(StopSignal.Reason.ABORT);
        Thread.ofVirtual().name("compaction-" + cp.id()).start(() -> {
            Checkpoint end = null;
            try {
                end = execute(cp, job.stop());
            } catch (InterruptedException e) {
                end = writes.fail(cp.id(), SHUTDOWN);
            } catch (RuntimeException | Error e) {
                log.error("compaction {}: failed", cp.id(), e);
                end = writes.fail(cp.id(), "internal error: " + e + "; the context is unchanged");
            } finally {
                jobs.remove(cp.id());
                job.done().complete(end);
            }
        });
    }

    private Checkpoint execute(Checkpoint cp, StopSignal stop) throws InterruptedException {
        if (!slots.tryAcquire(slotWait.toMillis(), TimeUnit.MILLISECONDS)) {
            return writes.fail(cp.id(), "no summarizer slot became free within " + slotWait.toSeconds()
                    + " s (compaction.max_concurrent is " + maxConcurrent + "); the context is unchanged");
        }
        try {
            if (stop.stopped()) return writes.fail(cp.id(), SHUTDOWN);
            long started = System.nanoTime();
            Summarizer.Produced produced;
            try {
                produced = summarizer.summarize(cp, stop);
            } finally {
                metrics.summarized(Duration.ofNanos(System.nanoTime() - started));
            }
            return writes.complete(cp.id(), produced);
        } catch (CompactionFailure f) {
            return writes.fail(cp.id(), closing ? SHUTDOWN : f.getMessage());
        } finally {
            slots.release();
        }
    }

    @Override
    public void close() {
        closing = true;
        var pending = jobs.values().stream().map(j -> {
            j.stop().stop(StopSignal.Reason.ABORT);
            return j.done();
        }).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(pending).get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} compactions had not recorded their end when shutdown stopped waiting; the next start fails them",
                    jobs.size());
        }
    }
}
