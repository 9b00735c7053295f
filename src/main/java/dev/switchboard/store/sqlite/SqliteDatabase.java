package dev.switchboard.store.sqlite;

import dev.switchboard.store.Database;
import dev.switchboard.store.GroupCommitWriter;
import dev.switchboard.store.StatementCache;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoreHealth;
import dev.switchboard.store.StoreHealthCheck;
import dev.switchboard.store.Tx;
import dev.switchboard.store.TxWork;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite store: WAL journal, {@code synchronous=FULL}, one writer thread that group-commits
 * ({@link GroupCommitWriter}), a small pool of read-only connections that never block the writer, and a thread
 * that checkpoints the WAL so the writer doesn't ({@link SqliteCheckpointer}).
 *
 * <p>Durability: a write is acknowledged after its batch's {@code COMMIT} returned, and with
 * {@code synchronous=FULL} SQLite fsyncs the WAL before {@code COMMIT} returns, so an acknowledged write
 * survives a process kill and a power cut. Group commit amortises that fsync over every request that
 * was queued while the previous batch was being written.
 */
public final class SqliteDatabase implements Database {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    /** How long a reader waits for a pooled connection before the request fails with 503. */
    private static final long READER_WAIT_MS = 10_000;
    /** SQLite's one writer needs only its transaction, taken for writing at once (no upgrade from a read lock). */
    static final GroupCommitWriter.Batches SQLITE_BATCHES = new GroupCommitWriter.Batches() {
        @Override public String beginStatement() { return "BEGIN IMMEDIATE"; }
        @Override public void begin(java.sql.Statement control) {}
        @Override public void beforeCommit(java.sql.Statement control) {}
    };

    private final Path file;
    private final GroupCommitWriter writer;
    private final BlockingQueue<PooledReader> readers;
    private final List<PooledReader> allReaders = new ArrayList<>();
    private volatile boolean closed;
    private final StoreHealthCheck healthCheck;
    private final SqliteCheckpointer checkpointer;

    private record PooledReader(Connection connection, StatementCache statements) {}

    public SqliteDatabase(Path file, int readerCount, MeterRegistry metrics) {
        this.file = file.toAbsolutePath().normalize();
        try {
            createPrivateDirectory(this.file.getParent());
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create data directory " + this.file.getParent(), e, false);
        }
        migrate();
        try {
            this.writer = new GroupCommitWriter("sqlite-writer", this.file.toString(), this::openWriter, SQLITE_BATCHES,
                    SqliteFailures.INSTANCE, metrics, GroupCommitWriter.QUEUE_WAIT);
            this.checkpointer = new SqliteCheckpointer(config(false).createConnection(url()), writer.health());
            this.readers = new ArrayBlockingQueue<>(readerCount);
            for (int i = 0; i < readerCount; i++) {
                var reader = new PooledReader(open(true), new StatementCache());
                allReaders.add(reader);
                readers.add(reader);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open " + this.file, e, false);
        }
        this.healthCheck = new StoreHealthCheck(this, writer, this.file.toString());
        log.info("SQLite store at {} (WAL, synchronous=FULL, {} readers)", this.file, readerCount);
    }

    /** Transcripts are private: a data directory this process creates is readable by its owner only (0700). */
    private static void createPrivateDirectory(Path dir) throws java.io.IOException {
        if (Files.isDirectory(dir)) return;
        try {
            Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
    }

    private String url() {
        return "jdbc:sqlite:" + file;
    }

    private SQLiteConfig config(boolean readOnly) {
        var cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.setBusyTimeout(10_000);
        cfg.enforceForeignKeys(true);
        cfg.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // 64 MiB of page cache per connection: the hot index pages of sessions/messages stay in memory.
        cfg.setCacheSize(-65_536);
        cfg.setReadOnly(readOnly);
        // sqlite-jdbc otherwise runs "SELECT last_insert_rowid()" through a new statement after every INSERT, for
        // getGeneratedKeys(), which nothing here calls: on the append path (two INSERTs a message) that was a
        // fifth of the writer's time (JFR of an import, 2026-12).
        cfg.setGetGeneratedKeys(false);
        return cfg;
    }

    /** The writer's connection: checkpoints are the {@link SqliteCheckpointer}'s work, not its. */
    private Connection openWriter() throws SQLException {
        Connection c = open(false);
        try (var st = c.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = " + SqliteCheckpointer.WRITER_SAFETY_NET_PAGES);
        }
        return c;
    }

    private Connection open(boolean readOnly) throws SQLException {
        Connection c = config(readOnly).createConnection(url());
        if (!readOnly) SqliteFunctions.register(c);
        // Readers run in JDBC transactions (one snapshot per read); the writer controls its own (GroupCommitWriter).
        c.setAutoCommit(!readOnly);
        return c;
    }

    private void migrate() {
        // Migrations run triggers that call the schema's Java functions, so Flyway's connections get them too.
        var ds = new SQLiteDataSource(config(false)) {
            @Override
            public org.sqlite.SQLiteConnection getConnection(String user, String password) throws SQLException {
                var c = super.getConnection(user, password);
                SqliteFunctions.register(c);
                return c;
            }
        };
        ds.setUrl(url());
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/sqlite")
                // A new data directory gets every migration in one transaction: one commit (one fsync) instead of two
                // per migration, and a start that fails half-way leaves the file as it found it.
                .group(true)
                .loggers("slf4j")
                .load()
                .migrate();
    }

    @Override
    public <R> R read(TxWork<R> work) {
        Tx current = GroupCommitWriter.currentTx();
        if (current != null) return GroupCommitWriter.runIn(current, work);
        if (closed) throw new StoreException("store is closed", null, true);
        PooledReader reader;
        try {
            reader = readers.poll(READER_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a reader", e, true);
        }
        if (reader == null) throw new StoreException("no reader connection free", null, true);
        var tx = new Tx(reader.connection(), reader.statements(), false);
        try {
            R result = work.run(tx);
            reader.connection().commit(); // ends the read snapshot so the WAL can be checkpointed
            return result;
        } catch (SQLException e) {
            tx.discardStatements();
            rollbackQuietly(reader.connection());
            throw new StoreException("read failed", e, false);
        } catch (RuntimeException | Error e) {
            if (e instanceof StoreException) tx.discardStatements(); // not for 404s and other expected outcomes
            rollbackQuietly(reader.connection());
            throw e;
        } finally {
            readers.add(reader); // always returned: the pool is fixed-size and a lost reader is never replaced
        }
    }

    @Override
    public <R> R write(TxWork<R> work) {
        return writer.write(work);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is unusable either way; the next use reports the real error
        }
    }

    @Override
    public StoreHealth health() {
        return healthCheck.check(closed);
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        writer.close(); // drains queued writes first, so nothing accepted is dropped on shutdown
        checkpointer.close();
        for (PooledReader r : allReaders) {
            try {
                r.connection().close();
            } catch (SQLException e) {
                log.warn("closing reader: {}", e.getMessage());
            }
        }
    }
}
