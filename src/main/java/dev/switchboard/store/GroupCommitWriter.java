package dev.switchboard.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of a store's write connection (one per node). Requests queue up while a batch is being committed;
 * the next batch applies all of them in one transaction (each inside its own SAVEPOINT, so one failing request rolls
 * back alone), commits with a single fsync, and only then answers every caller.
 *
 * <p>Why one thread: SQLite allows one writer at a time anyway; owning the connection removes {@code SQLITE_BUSY}
 * retries and makes commit order equal to queue order, which is what keeps event sequence numbers commit-ordered.
 * PostgreSQL batches the same way for the same economy (one commit, so one WAL flush, for every request queued
 * meanwhile), and its {@link Batches#begin} takes a cluster-wide lock so that batches of several nodes commit one at
 * a time, in the order they took it (see {@code store.postgres.PostgresDatabase}).
 *
 * <p>Why explicit {@code BEGIN}/{@code COMMIT} on a connection in JDBC auto-commit mode: when the disk is full
 * (and on I/O errors) SQLite rolls the whole transaction back by itself. sqlite-jdbc's own transaction handling
 * does not notice; its next {@code rollback()} fails and it never begins a transaction again, so every later
 * statement committed on its own while its caller was told the write failed. Here every batch begins its own
 * transaction, a failure that may have ended it fails the whole batch (the store's {@link WriteFailures}), and
 * nothing runs outside a transaction this class began: a write answered as failed was not committed, and writes
 * recover by themselves once space is free. A connection a failure left broken (a PostgreSQL server restart) is
 * replaced through the {@link Opener}.
 *
 * <p>Waits are bounded ({@link WriteRequest}): a write not started within {@link #QUEUE_WAIT} is withdrawn
 * and answered 503; shutdown drains what was queued before it and refuses the rest.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** What a store adds around each batch's transaction. */
    public interface Batches {
        /** The statement that begins a batch's transaction. */
        String beginStatement();

        /** Runs first in every batch's transaction, before any unit (e.g. taking a lock). */
        void begin(Statement control) throws SQLException;

        /** Runs after the last unit, just before the commit (e.g. a notification that goes out with it). */
        void beforeCommit(Statement control) throws SQLException;
    }

    /** Opens the write connection: at start, and again after a failure left it unusable (a server restart). */
    public interface Opener {
        Connection open() throws SQLException;
    }

    /** Cap per transaction so one huge burst can't hold the WAL lock (and its fsync) for too long. */
    private static final int MAX_BATCH = 1_000;
    /** Beyond this many queued writes the server is overloaded: fail fast with 503 instead of queueing forever. */
    private static final int MAX_QUEUED = 100_000;
    /** Longest a write waits in the queue before it is withdrawn (never applied) and answered 503. */
    public static final Duration QUEUE_WAIT = Duration.ofSeconds(30);
    /** Longest close() waits for the queued writes to drain before it gives up on the writer thread. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private static final ThreadLocal<Tx> CURRENT = new ThreadLocal<>();

    private final Opener opener;
    private final Batches batches;
    private final WriteFailures failures;
    private WriteConnection connection;
    private final StatementCache statements = new StatementCache();
    private final LinkedBlockingQueue<WriteRequest<?>> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private final DistributionSummary batchSize;
    private final Timer commitTimer;
    private final WriterHealth health;
    private volatile boolean closing;
    private volatile boolean stopped;

    private final Duration queueWait;

    /**
     * @param name      the writer thread's name
     * @param store     what the log names when writes fail (the file, the database URL without its password)
     * @param queueWait how long a write may wait in the queue before it is withdrawn ({@link #QUEUE_WAIT})
     */
    public GroupCommitWriter(String name, String store, Opener opener, Batches batches, WriteFailures failures,
                             MeterRegistry metrics, Duration queueWait) throws SQLException {
        this.queueWait = queueWait;
        this.opener = opener;
        this.batches = batches;
        this.failures = failures;
        this.connection = new WriteConnection(opener.open(), batches.beginStatement());
        this.health = new WriterHealth(store, failures, metrics);
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
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    /** The transaction the current thread is running a write unit in, if any. */
    public static Tx currentTx() {
        return CURRENT.get();
    }

    public boolean alive() {
        return thread.isAlive() && !closing;
    }

    /**
     * {@link Database#write} for a store with this writer: inside a write unit already running on this thread the
     * work joins it (so services combine atomically); otherwise it is queued for the next batch.
     */
    public <R> R write(TxWork<R> work) {
        Tx current = currentTx();
        return current != null ? runIn(current, work) : submit(work);
    }

    /** Runs {@code work} in {@code tx}, a SQL failure becoming a {@link StoreException}. */
    public static <R> R runIn(Tx tx, TxWork<R> work) {
        try {
            return work.run(tx);
        } catch (SQLException e) {
            throw new StoreException("statement failed", e, false);
        }
    }

    /** Writes waiting for a batch (for tests and diagnostics). */
    public int queued() {
        return queue.size();
    }

    public WriterHealth health() {
        return health;
    }

    public <R> R submit(TxWork<R> work) {
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
        var unitFailures = new Throwable[taken.size()];
        CURRENT.set(tx);
        boolean committing = false;
        try {
            connection.begin();
            batches.begin(connection.control());
            for (int i = 0; i < taken.size(); i++) {
                unitFailures[i] = runUnit(tx, taken.get(i), results, i);
            }
            batches.beforeCommit(connection.control());
            committing = true;
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // The commit, a savepoint or a unit's storage failure ended the transaction: nothing in it is durable,
            // unless the connection broke during the COMMIT itself (then nobody here knows: callers are told so).
            tx.discardStatements();
            connection.rollbackQuietly();
            StoreException failure = committing && failures.commitOutcomeUnknown(e)
                    ? new StoreException(StoreException.Kind.UNCONFIRMED, "the connection to the store broke while "
                            + "committing: the write may or may not have been applied; retry with the same Idempotency-Key", e)
                    : failures.batchFailed(e);
            health.failed(failure, taken.size(), e);
            for (var r : taken) r.fail(failure);
            reopenIfBroken();
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
            taken.get(i).complete(results[i], unitFailures[i], barrier);
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
            if (failures.endsTransaction(t)) throw asBatchFailure(t);
            if (t instanceof SQLException || t instanceof StoreException) tx.discardStatements();
            connection.rollbackToSavepoint(); // throws when the transaction is gone: the batch fails
            tx.truncateHooks(hookMark);
            return t instanceof SQLException sql ? new StoreException("write failed", sql, false) : t;
        }
    }

    /** The SQLException in {@code t}'s chain, to fail the batch with. */
    private static SQLException asBatchFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof SQLException s) return s;
        return new SQLException(t);
    }

    /** After a failed batch: a connection the server dropped is replaced, so later batches can succeed again. */
    private void reopenIfBroken() {
        try {
            if (connection.jdbc().isValid(2)) return;
            log.warn("the write connection is broken; opening a new one");
            connection.close();
            connection = new WriteConnection(opener.open(), batches.beginStatement());
        } catch (SQLException e) {
            log.error("could not reopen the write connection (the next batch tries again): {}", e.getMessage());
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
