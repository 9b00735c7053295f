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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Why explicit {@code BEGIN}/{@code COMMIT} on a connection in JDBC auto-commit mode: when the disk is full
 * (and on I/O errors) SQLite rolls the whole transaction back by itself. sqlite-jdbc's own transaction handling
 * does not notice; its next {@code rollback()} fails and it never begins a transaction again, so every later
 * statement committed on its own while its caller was told the write failed. Here every batch begins its own
 * transaction, a failure that may have ended it fails the whole batch ({@link SqliteFailures}), and nothing
 * runs outside a transaction this class began: a write answered as failed was not committed, and writes
 * recover by themselves once space is free.
 *
 * <p>Waits are bounded ({@link WriteRequest}): a write not started within {@link #QUEUE_WAIT} is withdrawn
 * and answered 503; shutdown drains what was queued before it and refuses the rest.
 */
final class SqliteWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    /** Cap per transaction so one huge burst can't hold the WAL lock (and its fsync) for too long. */
    private static final int MAX_BATCH = 1_000;
    /** Beyond this many queued writes the server is overloaded: fail fast with 503 instead of queueing forever. */
    private static final int MAX_QUEUED = 100_000;
    /** Longest a write waits in the queue before it is withdrawn (never applied) and answered 503. */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(30);
    /** Longest close() waits for the queued writes to drain before it gives up on the writer thread. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private static final ThreadLocal<Tx> CURRENT = new ThreadLocal<>();

    private final WriteConnection connection;
    private final StatementCache statements = new StatementCache();
    private final LinkedBlockingQueue<WriteRequest<?>> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private final DistributionSummary batchSize;
    private final Timer commitTimer;
    private final WriterHealth health;
    private volatile boolean closing;
    private volatile boolean stopped;

    private final Duration queueWait;

    SqliteWriter(Connection connection, String file, MeterRegistry metrics) throws SQLException {
        this(connection, file, metrics, QUEUE_WAIT);
    }

    /** @param queueWait how long a write may wait in the queue before it is withdrawn ({@link #QUEUE_WAIT}) */
    SqliteWriter(Connection connection, String file, MeterRegistry metrics, Duration queueWait) throws SQLException {
        this.queueWait = queueWait;
        this.connection = new WriteConnection(connection);
        this.health = new WriterHealth(file, metrics);
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
        // A daemon, so a server that failed to start can't keep the JVM alive; close() drains it in order.
        this.thread = Thread.ofPlatform().name("sqlite-writer").daemon(true).start(this::loop);
    }

    /** The transaction the current thread is running a write unit in, if any. */
    static Tx currentTx() {
        return CURRENT.get();
    }

    boolean alive() {
        return thread.isAlive() && !closing;
    }

    /** Writes waiting for a batch (for tests and diagnostics). */
    int queued() {
        return queue.size();
    }

    WriterHealth health() {
        return health;
    }

    <R> R submit(TxWork<R> work) {
        if (Thread.currentThread() == thread) {
            // A write from an after-commit hook would wait for itself forever.
            throw new IllegalStateException("write submitted from the writer thread outside a unit");
        }
        if (closing) throw new StoreException(StoreException.Kind.UNAVAILABLE, "the store is shutting down", null);
        var request = new WriteRequest<>(work);
        if (!queue.offer(request)) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "the write queue is full (" + MAX_QUEUED + " writes)", null);
        }
        // The writer may have drained its queue for the last time between the check above and the offer.
        if (stopped) request.withdraw();
        return request.await(queueWait);
    }

    private void loop() {
        var batch = new ArrayList<WriteRequest<?>>(MAX_BATCH);
        try {
            while (true) {
                WriteRequest<?> first = queue.take();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                int marker = indexOfMarker(batch);
                if (marker >= 0) {
                    // Everything queued before the shutdown marker is applied; what came after it is refused.
                    refuse(batch.subList(marker, batch.size()));
                    batch.subList(marker, batch.size()).clear();
                }
                runBatch(batch);
                batch.clear();
                if (marker >= 0) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("writer loop failed; failing {} writes", batch.size(), t);
            for (var r : batch) r.fail(t);
        } finally {
            stopped = true;
            var rest = new ArrayList<WriteRequest<?>>();
            queue.drainTo(rest);
            refuse(rest);
            connection.close();
        }
    }

    private static int indexOfMarker(List<WriteRequest<?>> batch) {
        for (int i = 0; i < batch.size(); i++) if (batch.get(i).isShutdownMarker()) return i;
        return -1;
    }

    private static void refuse(List<WriteRequest<?>> requests) {
        var refused = new StoreException(StoreException.Kind.UNAVAILABLE, "the store is shutting down", null);
        for (var r : requests) if (!r.isShutdownMarker()) r.fail(refused);
    }

    private void runBatch(List<WriteRequest<?>> batch) {
        var taken = new ArrayList<WriteRequest<?>>(batch.size());
        for (var r : batch) if (r.take()) taken.add(r); // withdrawn writes are skipped: they were answered 503
        if (taken.isEmpty()) return;
        long started = System.nanoTime();
        var tx = new Tx(connection.jdbc(), statements, true);
        var results = new Object[taken.size()];
        var failures = new Throwable[taken.size()];
        CURRENT.set(tx);
        try {
            connection.begin();
            for (int i = 0; i < taken.size(); i++) {
                failures[i] = runUnit(tx, taken.get(i), results, i);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // The commit, a savepoint or a unit's storage failure ended the transaction: nothing in it is durable.
            tx.discardStatements();
            connection.rollbackQuietly();
            StoreException failure = SqliteFailures.batchFailed(e);
            health.failed(failure, taken.size(), e);
            for (var r : taken) r.fail(failure);
            return;
        } finally {
            CURRENT.remove();
        }
        health.committed();
        commitTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        batchSize.record(taken.size());
        afterCommit(tx);
        Runnable barrier = tx.drainBarrier();
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).complete(results[i], failures[i], barrier);
        }
    }

    /**
     * Runs one request in its own savepoint. A failure that SQLite answers by ending the whole transaction (disk
     * full, I/O error) is rethrown, failing the batch; any other rolls back this unit alone and is its answer.
     */
    private Throwable runUnit(Tx tx, WriteRequest<?> request, Object[] results, int i) throws SQLException {
        int hookMark = tx.hookCount();
        connection.savepoint();
        try {
            results[i] = request.work().run(tx);
            connection.release();
            return null;
        } catch (Throwable t) {
            if (SqliteFailures.endsTransaction(t)) throw SqliteFailures.asBatchFailure(t);
            if (t instanceof SQLException || t instanceof StoreException) tx.discardStatements();
            connection.rollbackToSavepoint(); // throws when the transaction is gone: the batch fails
            tx.truncateHooks(hookMark);
            return t instanceof SQLException sql ? new StoreException("write failed", sql, false) : t;
        }
    }

    private static void afterCommit(Tx tx) {
        for (Runnable hook : tx.drainAfterCommit()) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.error("after-commit hook failed", e);
            }
        }
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        try {
            if (!queue.offer(WriteRequest.shutdownMarker(), CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("write queue stayed full for {}; stopping the writer without draining it", CLOSE_WAIT);
                thread.interrupt();
            }
            if (!thread.join(CLOSE_WAIT)) {
                log.warn("the writer did not finish its queue within {}; interrupting it", CLOSE_WAIT);
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
