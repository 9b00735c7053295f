package dev.switchboard.store.sqlite;

import dev.switchboard.store.Database;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.Tx;
import dev.switchboard.store.TxWork;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * SQLite store: WAL journal, {@code synchronous=FULL}, one writer thread that group-commits
 * ({@link SqliteWriter}), and a small pool of read-only connections that never block the writer.
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

    private final Path file;
    private final SqliteWriter writer;
    private final BlockingQueue<PooledReader> readers;
    private final List<PooledReader> allReaders = new ArrayList<>();
    private volatile boolean closed;

    private record PooledReader(Connection connection, Map<String, PreparedStatement> statements) {}

    public SqliteDatabase(Path file, int readerCount, MeterRegistry metrics) {
        this.file = file.toAbsolutePath().normalize();
        try {
            createPrivateDirectory(this.file.getParent());
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create data directory " + this.file.getParent(), e, false);
        }
        migrate();
        try {
            this.writer = new SqliteWriter(open(false), metrics);
            this.readers = new ArrayBlockingQueue<>(readerCount);
            for (int i = 0; i < readerCount; i++) {
                var reader = new PooledReader(open(true), Tx.newStatementCache());
                allReaders.add(reader);
                readers.add(reader);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open " + this.file, e, false);
        }
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

    private Connection open(boolean readOnly) throws SQLException {
        Connection c = config(readOnly).createConnection(url());
        if (!readOnly) SqliteFunctions.register(c);
        c.setAutoCommit(false);
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
                .loggers("slf4j")
                .load()
                .migrate();
    }

    @Override
    public <R> R read(TxWork<R> work) {
        Tx current = SqliteWriter.currentTx();
        if (current != null) return runUnchecked(work, current);
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
        Tx current = SqliteWriter.currentTx();
        if (current != null) return runUnchecked(work, current);
        return writer.submit(work);
    }

    private static <R> R runUnchecked(TxWork<R> work, Tx tx) {
        try {
            return work.run(tx);
        } catch (SQLException e) {
            throw new StoreException("statement failed", e, false);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is unusable either way; the next use reports the real error
        }
    }

    @Override
    public boolean ready() {
        if (closed || !writer.alive()) return false;
        try {
            return read(tx -> {
                try (var rs = tx.prepare("SELECT count(*) FROM flyway_schema_history WHERE success = 0").executeQuery()) {
                    return rs.next() && rs.getLong(1) == 0;
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
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
        for (PooledReader r : allReaders) {
            try {
                r.connection().close();
            } catch (SQLException e) {
                log.warn("closing reader: {}", e.getMessage());
            }
        }
    }
}
