package dev.switchboard.store;

import dev.switchboard.store.StoreException;
import dev.switchboard.store.TxWork;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One write waiting for the writer, and the bounded wait of its caller.
 *
 * <p>Its state decides, exactly once, who owns it: the writer {@link #take}s it into a batch, or the caller
 * {@link #withdraw}s it after waiting too long. A withdrawn write is never applied, so answering it 503 is the
 * truth. A write the writer has taken is in a batch that is committing now; its caller keeps waiting (bounded
 * by {@link #COMMIT_WAIT}), because its outcome is about to be known.
 */
final class WriteRequest<R> {
    /** How long a caller whose write is already in a committing batch waits on top of the queue wait. */
    static final Duration COMMIT_WAIT = Duration.ofSeconds(60);
    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int WITHDRAWN = 2;

    /** A committed write's result, and what its caller runs before returning it (see Tx#drainBarrier). */
    private record Acked<R>(R value, Runnable barrier) {}

    private final TxWork<R> work;
    private final CompletableFuture<Acked<R>> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);

    WriteRequest(TxWork<R> work) {
        this.work = work;
    }

    /** The request close() queues behind every accepted write: the writer stops when it reaches it. */
    static WriteRequest<Void> shutdownMarker() {
        return new WriteRequest<>(null);
    }

    boolean isShutdownMarker() {
        return work == null;
    }

    TxWork<R> work() {
        return work;
    }

    /** The writer's claim; false when the caller withdrew it first. */
    boolean take() {
        return state.compareAndSet(QUEUED, TAKEN);
    }

    /** The caller's claim; true when it is now certain the write will never be applied. */
    boolean withdraw() {
        if (!state.compareAndSet(QUEUED, WITHDRAWN)) return false;
        result.completeExceptionally(new StoreException(StoreException.Kind.UNAVAILABLE,
                "the store did not get to this write in time; it was not applied", null));
        return true;
    }

    void fail(Throwable t) {
        result.completeExceptionally(t);
    }

    @SuppressWarnings("unchecked")
    void complete(Object value, Throwable failure, Runnable barrier) {
        if (failure != null) result.completeExceptionally(failure);
        else result.complete(new Acked<>((R) value, barrier));
    }

    /** Waits for the outcome: at most {@code queueWait} to be taken, then at most {@link #COMMIT_WAIT} to commit. */
    R await(Duration queueWait) {
        Acked<R> acked;
        try {
            acked = waitFor(queueWait);
        } catch (TimeoutException notYetTaken) {
            withdraw(); // wins unless the writer took it just now; either way the future now settles
            try {
                acked = waitFor(COMMIT_WAIT);
            } catch (TimeoutException e) {
                throw new StoreException(StoreException.Kind.UNCONFIRMED, "the store did not confirm this write within "
                        + (queueWait.plus(COMMIT_WAIT).toSeconds()) + " s; it may or may not have been applied", e);
            }
        }
        // On the caller's thread, after the commit: whatever the barrier waits for never holds up the writer.
        if (acked.barrier() != null) acked.barrier().run();
        return acked.value();
    }

    private Acked<R> waitFor(Duration wait) throws TimeoutException {
        try {
            return result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // The write may still commit; the caller just stops waiting for it.
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNCONFIRMED, "interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new StoreException("write failed", cause, false);
        }
    }
}
