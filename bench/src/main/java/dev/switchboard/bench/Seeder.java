package dev.switchboard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Seeds a server's data directory directly through SQLite, which is orders of magnitude faster than the
 * API: the server must have migrated the file already and must be stopped. Writes in large transactions
 * with {@code synchronous=OFF} (seed data need not survive a power cut) and checkpoints the WAL at the end
 * so the server starts on a compact file.
 */
final class Seeder {
    private static final int ROWS_PER_TX = 50_000;
    /**
     * Seeded sessions' timestamps start here and step 1 ms apart, so every list order is total. Recent, not a
     * fixed date: the server's sweeper would otherwise end every seeded session as stale on start-up (a burst
     * of writes during the read measurements, and heartbeats answered 409 session-ended).
     */
    static final long BASE_MILLIS = System.currentTimeMillis() - 300_000;

    private Seeder() {}

    /** {@code count} sessions named {@code bench:s:0000000}…, each with an empty current instance. */
    static void sessions(Connection c, int count) throws Exception {
        try (c; var v1 = new V1Rows(c)) {
            for (int i = 0; i < count; i++) {
                v1.session(sessionKey(i), BASE_MILLIS + i, 0);
                if ((i + 1) % ROWS_PER_TX == 0) c.commit();
            }
            c.commit();
            checkpoint(c);
        }
    }

    /** One session {@code key} whose current instance holds {@code messages} messages (seq 1..messages). */
    static void transcript(Connection c, String key, int messages) throws Exception {
        try (c; var v1 = new V1Rows(c)) {
            String instance = v1.session(key, BASE_MILLIS, messages);
            for (int seq = 1; seq <= messages; seq++) {
                v1.message(instance, seq, BASE_MILLIS + seq);
                if (seq % ROWS_PER_TX == 0) c.commit();
            }
            c.commit();
            checkpoint(c);
        }
    }

    static String sessionKey(int i) {
        return "bench:s:%07d".formatted(i);
    }

    /** A seeding connection to a stopped server's SQLite file. */
    static Connection openSqlite(Path db) throws Exception {
        if (!java.nio.file.Files.exists(db)) throw new IllegalStateException(db + " does not exist: start the server once first");
        Connection c = RawSqliteScenario.open(db);
        // V2's full-text triggers call this Java function on every message insert.
        dev.switchboard.store.sqlite.SqliteFunctions.register(c);
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("PRAGMA synchronous = OFF");
            c.setAutoCommit(false);
        }
        return c;
    }

    /**
     * SQLite: checkpoints the WAL so the server starts on a compact file. PostgreSQL: marks the seeded messages as
     * indexed (the bench measures reads, not a million-message indexing backlog) and refreshes the planner's
     * statistics, as autovacuum would soon after a bulk load.
     */
    private static void checkpoint(Connection c) throws Exception {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                st.execute("UPDATE search_index SET indexed_mid = (SELECT coalesce(max(mid), 0) FROM messages)");
                st.execute("ANALYZE");
            } else {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }
}
