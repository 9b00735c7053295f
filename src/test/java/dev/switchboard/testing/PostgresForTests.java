package dev.switchboard.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one real PostgreSQL server of a test JVM (zonky's embedded binaries from Maven Central: no system package,
 * and it drops to {@code nobody} when run as root), started on first use and stopped when the JVM exits. Each test
 * server gets a database of its own, so test classes never see each other's rows.
 *
 * <p>There is no "skip when PostgreSQL is missing": a server that can't start fails every PostgreSQL test loudly,
 * because CI must run them.
 */
public final class PostgresForTests {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresForTests() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        // zonky turns durability off for speed; the store refuses such a server, so it is switched back
                        // on: the tests run PostgreSQL as production does.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("max_connections", "400")
                        .setServerConfig("shared_buffers", "128MB")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL server for the tests did not start", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data directory goes with it
                }
            }));
        }
        return server;
    }

    /** The server's port (for tests that start server processes against it). */
    public static int port() {
        return server().getPort();
    }

    /** Creates an empty database and returns its URL in the form users pass to {@code --store}. */
    public static String newDatabase() {
        String name = "sb_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return "postgresql://postgres@127.0.0.1:" + port() + "/" + name;
    }

    /** The JDBC form of a {@code postgresql://user@host:port/db} URL made by {@link #newDatabase}. */
    static String jdbcUrl(String url) {
        URI u = URI.create(url);
        return "jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath() + "?user=" + u.getUserInfo();
    }
}
