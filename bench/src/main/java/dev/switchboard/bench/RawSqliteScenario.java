package dev.switchboard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The physical limit: sqlite-jdbc (the server's own driver version) inserting the same rows in-process, on
 * the same disk, with the server's settings (WAL, {@code synchronous=FULL}), one thread, no HTTP, no JSON, no
 * services. "Messages only" is the floor of the storage cost; "append write set" adds what one append also
 * writes (instance counters, session version, the event row), which is the fair comparison for HTTP appends.
 */
final class RawSqliteScenario implements Scenario {
    static final String GROUP = "raw sqlite";

    private record Mode(String id, String name, int perCommit, boolean bookkeeping, boolean batched) {}

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public List<Row> run(Context ctx) throws Exception {
        Path file = ctx.freshDataDir("raw").resolve("raw.db");
        java.nio.file.Files.createDirectories(file.getParent());
        var modes = List.of(
                new Mode("raw.messages.1", "raw sqlite: message rows, 1 per commit (fsync each)", 1, false, false),
                new Mode("raw.messages.20", "raw sqlite: message rows, 20 per commit", 20, false, true),
                new Mode("raw.messages.1000", "raw sqlite: message rows, 1000 per commit", 1000, false, true),
                new Mode("raw.append.1", "raw sqlite: append write set, 1 per commit", 1, true, false),
                new Mode("raw.append.1000", "raw sqlite: append write set, 1000 per commit", 1000, true, true));
        var rows = new ArrayList<Row>();
        try (Connection c = open(file)) {
            V1Rows.createSchema(c);
            try (var v1 = new V1Rows(c)) {
                String key = "bench:raw";
                String instance = v1.session(key, System.currentTimeMillis(), 0);
                c.commit();
                long[] seq = {0};
                // Warm-up: JIT the driver path and grow the file before anything is timed.
                write(c, v1, key, instance, seq, new Mode("warmup", "", 100, true, true), 10_000);
                for (Mode m : modes) {
                    int total = m.batched() ? ctx.scale().rawRowsBatched() : ctx.scale().rawRowsPerCommitOne();
                    ctx.log("%s (%d rows)", m.name(), total);
                    rows.add(write(c, v1, key, instance, seq, m, total));
                }
            }
        }
        return rows;
    }

    private static Row write(Connection c, V1Rows v1, String key, String instance, long[] seq, Mode m, int total)
            throws Exception {
        var lat = new Latencies();
        Window window = Window.open(null);
        long t0 = System.nanoTime();
        for (int done = 0; done < total; done += m.perCommit()) {
            long c0 = System.nanoTime();
            long now = System.currentTimeMillis();
            for (int i = 0; i < m.perCommit(); i++) {
                v1.message(instance, ++seq[0], now);
                if (m.bookkeeping()) v1.appendBookkeeping(key, instance, seq[0], now);
            }
            c.commit();
            lat.add(System.nanoTime() - c0);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> extra = new java.util.LinkedHashMap<>(window.close().values());
        extra.put("commits_per_s", Window.round(lat.count() / seconds));
        return Row.latency(m.id(), GROUP, m.name(), total / seconds, "rows/s", lat.summary(), 0,
                "latency per commit (" + m.perCommit() + " row" + (m.perCommit() == 1 ? "" : "s") + ")", extra);
    }

    /** The same connection settings as the server's {@code SqliteDatabase}. */
    static Connection open(Path file) throws Exception {
        var cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.setBusyTimeout(10_000);
        cfg.enforceForeignKeys(true);
        cfg.setTempStore(SQLiteConfig.TempStore.MEMORY);
        cfg.setCacheSize(-65_536);
        Connection c = cfg.createConnection("jdbc:sqlite:" + file);
        c.setAutoCommit(false);
        return c;
    }
}
