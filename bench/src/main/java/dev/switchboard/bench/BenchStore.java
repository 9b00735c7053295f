package dev.switchboard.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * Which store the measured servers run on: SQLite (a file in each scenario's data directory) or PostgreSQL
 * ({@code --store postgres}): one server the bench starts itself, with its data on the work directory's disk and
 * durability on (fsync, synchronous_commit), and a fresh database per scenario.
 */
final class BenchStore implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private BenchStore(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static BenchStore sqlite() {
        return new BenchStore(null);
    }

    static BenchStore postgres(Path work) throws Exception {
        Path data = work.resolve("postgres-data");
        Context.deleteTree(data);
        Files.createDirectories(data);
        var pg = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "512MB")
                .start();
        return new BenchStore(pg);
    }

    boolean postgres() {
        return postgres != null;
    }

    /** "sqlite" or "postgresql": how rows are told apart in the report. */
    String kind() {
        return postgres == null ? "sqlite" : "postgresql";
    }

    private static String database(String scenario) {
        return "bench_" + scenario.replaceAll("[^a-z0-9]", "_");
    }

    /** Drops and recreates the scenario's database (PostgreSQL); nothing for SQLite, whose file is in the data dir. */
    void fresh(String scenario) throws Exception {
        if (postgres == null) return;
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database(scenario) + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database(scenario));
        }
    }

    /** What {@code serve} is given for the scenario's store. */
    List<String> serveArgs(String scenario) {
        if (postgres == null) return List.of();
        return List.of("--store", "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + database(scenario));
    }

    /** A connection for seeding the scenario's data while its server is stopped. */
    Connection seedConnection(String scenario, Path dataDir) throws Exception {
        if (postgres == null) return Seeder.openSqlite(dataDir.resolve("switchboard.db"));
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/"
                + database(scenario) + "?user=postgres&reWriteBatchedInserts=true");
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off"); // seed data need not survive a crash
        }
        return c;
    }

    @Override
    public void close() throws Exception {
        if (postgres != null) postgres.close();
    }
}
