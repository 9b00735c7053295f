package dev.switchboard.testing;

import dev.switchboard.config.ConfigLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The stores every integration test class runs on ({@link EachStore}): the embedded SQLite file in the test's data
 * directory, and a fresh database of the one PostgreSQL server the test JVM starts ({@link PostgresForTests}).
 */
public enum TestStore {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String wire;

    TestStore(String wire) {
        this.wire = wire;
    }

    /** What {@code /readyz} reports for this store, and the test's display name. */
    public String wire() {
        return wire;
    }

    /**
     * Where a new test server keeps its data on this store: for PostgreSQL a database no other test server uses
     * (created now), for SQLite the file inside {@code dataDir}.
     */
    public Location newLocation(Path dataDir) {
        return switch (this) {
            case SQLITE -> new Location(this, null, dataDir);
            case POSTGRESQL -> new Location(this, PostgresForTests.newDatabase(), dataDir);
        };
    }

    /** One test server's store: the database URL for PostgreSQL (null for SQLite) and the data directory. */
    public record Location(TestStore store, String postgresUrl, Path dataDir) {
        ConfigLoader configure(ConfigLoader loader) {
            return postgresUrl == null ? loader : loader.set("store.url", postgresUrl);
        }

        /** A separate JDBC connection to the same data, as a second process would open. */
        public Connection connect() throws SQLException {
            if (postgresUrl == null) {
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 10000");
                }
                return c;
            }
            return DriverManager.getConnection(PostgresForTests.jdbcUrl(postgresUrl));
        }
    }
}
