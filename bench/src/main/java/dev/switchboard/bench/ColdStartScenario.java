package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Cold start: from spawning {@code java -jar switchboard.jar serve} to the first {@code /readyz} = 200, on a
 * new data directory (creates the file, runs every migration, creates the admin token) and on an existing one.
 */
final class ColdStartScenario implements Scenario {
    static final String GROUP = "cold start";

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public List<Row> run(Context ctx) {
        int starts = ctx.scale().coldStarts();
        var fresh = new Latencies();
        var existing = new Latencies();
        long rss = 0;
        Path reused = null;
        for (int i = 0; i < starts; i++) {
            Path dir = ctx.freshDataDir("start-" + i);
            try (ServerProcess s = ctx.startServer("start-" + i, dir, List.of())) {
                fresh.add(s.startup().toNanos());
                rss = Math.max(rss, s.rssBytes());
            }
            reused = dir;
        }
        for (int i = 0; i < starts; i++) {
            try (ServerProcess s = ctx.startServer("start-0", reused, List.of())) {
                existing.add(s.startup().toNanos());
            }
        }
        // The first optimisation a start-up profile suggests: a class-data-sharing archive of the app's classes.
        // The first start writes it (not timed), later starts map it instead of loading and verifying classes.
        var cds = new Latencies();
        var cdsFlags = List.of("-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + ctx.work().resolve("start-cds").resolve("switchboard.jsa"));
        try (ServerProcess s = ctx.startServer("start-cds", reused, cdsFlags)) {
            s.pid(); // archive is written when this JVM exits
        }
        for (int i = 0; i < starts; i++) {
            try (ServerProcess s = ctx.startServer("start-cds", reused, cdsFlags)) {
                cds.add(s.startup().toNanos());
            }
        }
        var extra = new LinkedHashMap<String, Object>();
        extra.put("rss_after_start_mib", Window.round(rss / 1048576.0));
        var rows = new ArrayList<Row>();
        Latencies.Summary f = fresh.summary();
        rows.add(Row.latency("start.fresh", GROUP, "start to /readyz, new data dir (migrate, admin token)", f.millis(50),
                "ms (p50)", f, 0, "JVM spawn included; p99 column = slowest of " + starts, extra));
        Latencies.Summary e = existing.summary();
        rows.add(Row.latency("start.existing", GROUP, "start to /readyz, existing small DB", e.millis(50),
                "ms (p50)", e, 0, "JVM spawn included; p99 column = slowest of " + starts, java.util.Map.of()));
        Latencies.Summary c = cds.summary();
        rows.add(Row.latency("start.existing.cds", GROUP, "start to /readyz, existing small DB, AppCDS archive",
                c.millis(50), "ms (p50)", c, 0, "-XX:+AutoCreateSharedArchive; p99 column = slowest of " + starts,
                java.util.Map.of()));
        return rows;
    }
}
