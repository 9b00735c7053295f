package dev.switchboard.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.store.Database;
import dev.switchboard.store.GroupCommitWriter;
import dev.switchboard.store.StatementCache;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoreHealth;
import dev.switchboard.store.StoreHealthCheck;
import dev.switchboard.store.Tx;
import dev.switchboard.store.TxWork;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL store: a HikariCP pool of read-only snapshot connections, and one group-committing writer per node
 * ({@link GroupCommitWriter}) like SQLite's.
 *
 * <p><b>Durability.</b> A write is acknowledged after its batch's {@code COMMIT} returned, which with the server's
 * {@code fsync=on} and {@code synchronous_commit=on} (checked at start: the store refuses a server without them)
 * means the WAL is flushed. One commit covers every request queued while the previous batch ran.
 *
 * <p><b>The cluster write lock.</b> Every batch first takes one transaction-scoped advisory lock
 * ({@link #WRITE_LOCK}), held until it commits. Batches of all nodes therefore run one at a time, as SQLite's single
 * writer runs them, which gives three things at once: event seqs drawn in commit order (see
 * {@link PostgresEventStore}); no deadlock between batches, although each one locks rows of many sessions in no
 * particular order; and the read-modify-write rules of the services (a session's counters, get-or-create, an
 * idempotent retry) hold across nodes. The rows those rules read are also locked ({@code SELECT … FOR UPDATE} in the
 * shared stores), so they stay correct if the lock is ever narrowed. Group commit keeps the cost down: the lock is
 * taken once per batch, not per request, so a busy cluster commits large batches.
 *
 * <p>Reads never take the lock: {@code REPEATABLE READ} snapshots on pooled connections, like SQLite's WAL readers.
 */
public final class PostgresDatabase implements Database {
    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);
    /** The advisory-lock key of the cluster write lock ("SWITCHBD" in ASCII); other keys are cluster duties. */
    static final long WRITE_LOCK = 0x5357_4954_4348_4244L;
    /** The channel every batch notifies on commit, so other nodes read the new events at once. */
    public static final String EVENTS_CHANNEL = "switchboard_events";

    private final PostgresUrl url;
    private final String applicationName;
    private final HikariDataSource readers;
    private final GroupCommitWriter writer;
    // Statements are prepared on the physical connection behind Hikari's proxy, so they outlive one borrow.
    private final Map<Connection, StatementCache> statements = new ConcurrentHashMap<>();
    private final StoreHealthCheck healthCheck;
    private volatile boolean closed;

    /** @param node this node's name: every connection carries it as {@code application_name} (pg_stat_activity) */
    public PostgresDatabase(PostgresUrl url, String node, int readerCount, MeterRegistry metrics) {
        this.url = url;
        this.applicationName = "switchboard " + node;
        migrate();
        try {
            checkDurability();
            this.writer = new GroupCommitWriter("postgres-writer", url.toString(), () -> connect(false),
                    new ClusterBatches(), PostgresFailures.INSTANCE, metrics, GroupCommitWriter.QUEUE_WAIT);
        } catch (SQLException e) {
            throw new StoreException("cannot open the PostgreSQL store at " + url, e, false);
        }
        this.readers = new HikariDataSource(pool(readerCount));
        this.healthCheck = new StoreHealthCheck(this, writer, url.toString());
        log.info("PostgreSQL store at {} (group commit under the cluster write lock, {} readers)", url, readerCount);
    }

    private HikariConfig pool(int size) {
        var c = new HikariConfig();
        c.setPoolName("switchboard-readers");
        c.setJdbcUrl(url.jdbcUrl());
        c.setUsername(url.user());
        c.setPassword(url.password());
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(size);
        c.setAutoCommit(false);
        c.setReadOnly(true);
        c.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        c.setMaxLifetime(0); // a fixed set of connections, each with its statement cache
        c.setConnectionTimeout(10_000);
        c.addDataSourceProperty("ApplicationName", applicationName);
        return c;
    }

    /** A connection of its own (the writer's, a listener's, a cluster duty's); the password is never in the URL. */
    public Connection connect(boolean autoCommit) throws SQLException {
        var props = new Properties();
        if (url.user() != null) props.setProperty("user", url.user());
        if (url.password() != null) props.setProperty("password", url.password());
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(url.jdbcUrl(), props);
        c.setAutoCommit(autoCommit);
        return c;
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/postgresql")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    /** Refuses a server that would acknowledge commits it has not made durable. */
    private void checkDurability() throws SQLException {
        try (Connection c = connect(true); Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit"}) {
                try (var rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    String value = rs.getString(1);
                    if (value.equals("off")) {
                        throw new StoreException("PostgreSQL at " + url + " runs with " + setting + "=off: acknowledged "
                                + "writes could be lost in a crash. Switchboard needs fsync=on and synchronous_commit=on "
                                + "(or remote_write/remote_apply/local)", null, false);
                    }
                }
            }
        }
    }

    /** Takes the cluster write lock first in every batch; notifies the other nodes' event feeds with the commit. */
    private static final class ClusterBatches implements GroupCommitWriter.Batches {
        @Override
        public String beginStatement() {
            return "BEGIN";
        }

        @Override
        public void begin(Statement control) throws SQLException {
            control.execute("SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")");
        }

        @Override
        public void beforeCommit(Statement control) throws SQLException {
            control.execute("NOTIFY " + EVENTS_CHANNEL); // delivered at commit, dropped on rollback
        }
    }

    @Override
    public <R> R read(TxWork<R> work) {
        Tx current = GroupCommitWriter.currentTx();
        if (current != null) return GroupCommitWriter.runIn(current, work);
        if (closed) throw new StoreException("store is closed", null, true);
        try (Connection pooled = readers.getConnection()) {
            Connection c = pooled.unwrap(Connection.class);
            var tx = new Tx(c, statements.computeIfAbsent(c, k -> new StatementCache()), false);
            try {
                R result = work.run(tx);
                c.commit(); // ends the snapshot
                return result;
            } catch (SQLException e) {
                tx.discardStatements();
                c.rollback();
                throw new StoreException("read failed", e, false);
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("no read connection to PostgreSQL", e, true);
        }
    }

    @Override
    public <R> R write(TxWork<R> work) {
        return writer.write(work);
    }

    @Override
    public StoreHealth health() {
        return healthCheck.check(closed);
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    public PostgresUrl url() {
        return url;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        writer.close(); // drains queued writes first
        readers.close();
    }
}
