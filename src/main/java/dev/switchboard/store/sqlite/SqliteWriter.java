package dev.switchboard.store.sqlite;

import dev.switchboard.store.StatementCache;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.Tx;
import dev.switchboard.store.TxWork;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of SQLite's write connection. Requests queue up while a batch is being committed;
 * the next batch applies all of them in one transaction (each inside its own SAVEPOINT, so one failing
 * request rolls back alone), commits with a single fsync, and only then answers every caller.
 *
 * <p>Why one thread: SQLite allows one writer at a time anyway; owning the connection removes
 * {@code SQLITE_BUSY} retries and makes commit order equal to queue order, which is what keeps
 * event sequence numbers commit-ordered.
 */
final class SqliteWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    /** Cap per transaction so one huge burst can't hold the WAL lock (and its fsync) for too long. */
    private static final int MAX_BATCH = 1_000;
    /** Beyond this many queued writes the server is overloaded: fail fast with 503 instead of queueing forever. */
    private static final int MAX_QUEUED = 100_000;

    private static final ThreadLocal<Tx> CURRENT = new ThreadLocal<>();

    private record Request<R>(TxWork<R> work, CompletableFuture<Acked<R>> result) {}

    /** A committed write's result, and what its caller runs before returning it (see {@link Tx#drainBarrier}). */
    private record Acked<R>(R value, Runnable barrier) {}

    private final Connection connection;
    private final StatementCache statements = new StatementCache();
    private final Statement control;
    private final LinkedBlockingQueue<Request<?>> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private final DistributionSummary batchSize;
    private final Timer commitTimer;
    private volatile boolean closing;

    SqliteWriter(Connection connection, MeterRegistry metrics) throws SQLException {
        this.connection = connection;
        this.control = connection.createStatement();
        this.batchSize = DistributionSummary.builder("switchboard.store.commit.batch.size")
                .description("Writes applied per committed transaction (group commit)")
                .baseUnit("writes")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
        this.commitTimer = Timer.builder("switchboard.store.commit.duration")
                .description("Time to apply and durably commit one batch")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(metrics);
        // A platform thread: it spends its life in native SQLite calls, which would pin a virtual thread anyway.
        this.thread = Thread.ofPlatform().name("sqlite-writer").daemon(false).start(this::loop);
    }

    /** The transaction the current thread is running a write unit in, if any. */
    static Tx currentTx() {
        return CURRENT.get();
    }

    boolean alive() {
        return thread.isAlive() && !closing;
    }

    <R> R submit(TxWork<R> work) {
        if (Thread.currentThread() == thread) {
            // A write from an after-commit hook would wait for itself forever.
            throw new IllegalStateException("write submitted from the writer thread outside a unit");
        }
        if (closing) throw new StoreException("store is shutting down", null, true);
        var request = new Request<>(work, new CompletableFuture<Acked<R>>());
        if (!queue.offer(request)) throw new StoreException("write queue is full", null, true);
        Acked<R> acked;
        try {
            acked = request.result().get();
        } catch (InterruptedException e) {
            // The write may still commit; the caller just stops waiting for it.
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for commit", e, true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new StoreException("write failed", cause, false);
        }
        // On the caller's thread, after the commit: whatever the barrier waits for never holds up the writer.
        if (acked.barrier() != null) acked.barrier().run();
        return acked.value();
    }

    private void loop() {
        var batch = new ArrayList<Request<?>>(MAX_BATCH);
        while (true) {
            try {
                Request<?> first = queue.take();
                if (first.work() == null) break; // poison pill from close(): everything before it was drained
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = false;
                if (batch.getLast().work() == null) {
                    batch.removeLast();
                    stop = true;
                }
                runBatch(batch);
                batch.clear();
                if (stop) break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                log.error("writer loop failed; failing {} queued writes", batch.size(), t);
                for (Request<?> r : batch) r.result().completeExceptionally(t);
                batch.clear();
            }
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing write connection: {}", e.getMessage());
        }
    }

    private void runBatch(List<Request<?>> batch) {
        long started = System.nanoTime();
        var tx = new Tx(connection, statements, true);
        var results = new Object[batch.size()];
        var failures = new Throwable[batch.size()];
        CURRENT.set(tx);
        try {
            for (int i = 0; i < batch.size(); i++) {
                int hookMark = tx.hookCount();
                control.execute("SAVEPOINT unit");
                try {
                    results[i] = batch.get(i).work().run(tx);
                    control.execute("RELEASE unit");
                } catch (Throwable t) {
                    if (t instanceof SQLException || t instanceof StoreException) tx.discardStatements();
                    control.execute("ROLLBACK TO unit");
                    control.execute("RELEASE unit");
                    tx.truncateHooks(hookMark);
                    failures[i] = t instanceof SQLException sql ? new StoreException("write failed", sql, false) : t;
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // The commit (or a savepoint rollback) failed: nothing in this batch is durable.
            tx.discardStatements();
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            log.error("commit of {} writes failed", batch.size(), e);
            var failure = new StoreException("commit failed", e, true);
            for (Request<?> r : batch) r.result().completeExceptionally(failure);
            return;
        } finally {
            CURRENT.remove();
        }
        commitTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        batchSize.record(batch.size());
        for (Runnable hook : tx.drainAfterCommit()) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.error("after-commit hook failed", e);
            }
        }
        Runnable barrier = tx.drainBarrier();
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], failures[i], barrier);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> void complete(Request<R> request, Object result, Throwable failure, Runnable barrier) {
        if (failure != null) request.result().completeExceptionally(failure);
        else request.result().complete(new Acked<>((R) result, barrier));
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        try {
            queue.put(new Request<>(null, new CompletableFuture<>()));
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
