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

    /**
     * The tunables of issue 17, measured on the write the server's group commit makes under load: the append write
     * set, 20 per commit, spread over 100 sessions (so each commit dirties pages all over the indexes), each on a
     * fresh file because {@code page_size} only applies to a new database.
     */
    private record Tunable(String id, String name, int pageSize, int cacheKib) {}

    private static final int TUNABLE_SESSIONS = 100;
    private static final int TUNABLE_PER_COMMIT = 20;

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
        for (Tunable t : List.of(
                new Tunable("raw.tune.page1k", "raw sqlite: append write set, 20/commit, 100 sessions, page_size 1024", 1024, 65_536),
                new Tunable("raw.tune.page4k", "raw sqlite: append write set, 20/commit, 100 sessions, page_size 4096", 4096, 65_536),
                new Tunable("raw.tune.page8k", "raw sqlite: append write set, 20/commit, 100 sessions, page_size 8192", 8192, 65_536),
                new Tunable("raw.tune.cache2m", "raw sqlite: append write set, 20/commit, 100 sessions, cache_size 2 MiB", 4096, 2_048))) {
            int total = ctx.scale().rawRowsBatched();
            ctx.log("%s (%d rows)", t.name(), total);
            rows.add(tune(ctx, t, total));
        }
        return rows;
    }

    private static Row tune(Context ctx, Tunable t, int total) throws Exception {
        Path file = ctx.freshDataDir(t.id()).resolve("raw.db");
        java.nio.file.Files.createDirectories(file.getParent());
        try (Connection c = open(file, t.pageSize(), t.cacheKib())) {
            V1Rows.createSchema(c);
            try (var v1 = new V1Rows(c)) {
                long now = System.currentTimeMillis();
                var keys = new String[TUNABLE_SESSIONS];
                var instances = new String[TUNABLE_SESSIONS];
                var seqs = new long[TUNABLE_SESSIONS];
                for (int i = 0; i < TUNABLE_SESSIONS; i++) {
                    keys[i] = "bench:tune:" + i;
                    instances[i] = v1.session(keys[i], now, 0);
                }
                c.commit();
                var lat = new Latencies();
                long t0 = System.nanoTime();
                int n = 0;
                for (int done = 0; done < total; done += TUNABLE_PER_COMMIT) {
                    long c0 = System.nanoTime();
                    long at = System.currentTimeMillis();
                    for (int i = 0; i < TUNABLE_PER_COMMIT; i++, n++) {
                        int s = (int) ((n * 0x9E3779B1L >>> 7) % TUNABLE_SESSIONS); // spread like random clients
                        v1.message(instances[s], ++seqs[s], at);
                        v1.appendBookkeeping(keys[s], instances[s], seqs[s], at);
                    }
                    c.commit();
                    lat.add(System.nanoTime() - c0);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long walAndDb = java.nio.file.Files.size(file) + sizeOr0(Path.of(file + "-wal"));
                return Row.latency(t.id(), GROUP, t.name(), total / seconds, "rows/s", lat.summary(), 0,
                        "latency per commit (20 rows); %d MiB on disk".formatted(walAndDb >> 20), Map.of());
            }
        }
    }

    private static long sizeOr0(Path p) throws java.io.IOException {
        return java.nio.file.Files.exists(p) ? java.nio.file.Files.size(p) : 0;
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
        return open(file, 0, 65_536);
    }

    private static Connection open(Path file, int pageSize, int cacheKib) throws Exception {
        var cfg = new SQLiteConfig();
        if (pageSize > 0) cfg.setPageSize(pageSize);
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.setBusyTimeout(10_000);
        cfg.enforceForeignKeys(true);
        cfg.setTempStore(SQLiteConfig.TempStore.MEMORY);
        cfg.setCacheSize(-cacheKib);
        Connection c = cfg.createConnection("jdbc:sqlite:" + file);
        c.setAutoCommit(false);
        return c;
    }
}
