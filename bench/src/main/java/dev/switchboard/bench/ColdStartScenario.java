package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Cold start: from spawning {@code java -jar switchboard.jar serve} to the first {@code /readyz} = 200, on a
 * new data directory (creates the file, runs every migration, creates the admin token) and on an existing one; plain
 * {@code java -jar} and with the JVM's AOT cache that {@code ./switchboard serve} makes and starts from.
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
        // As ./switchboard serve starts it: from the JVM's AOT cache of a training run (made once per build, not timed).
        Path cache = ctx.work().resolve("start-aot").resolve("switchboard-serve.aot");
        String untrained = null;
        try {
            ServerProcess.trainAotCache(ctx.jar(), cache);
        } catch (IllegalStateException e) {
            // As the launcher does: a failed training run means starts without the cache, not no server. The rows say so.
            untrained = "no AOT cache: " + e.getMessage();
            ctx.log("cold start: %s", untrained);
        }
        var aotFresh = new Latencies();
        var aotExisting = new Latencies();
        for (int i = 0; untrained == null && i < starts; i++) {
            try (ServerProcess s = ctx.startServer("start-aot-" + i, ctx.freshDataDir("start-aot-" + i),
                    ServerProcess.aotCacheFlags(cache))) {
                aotFresh.add(s.startup().toNanos());
            }
        }
        for (int i = 0; untrained == null && i < starts; i++) {
            try (ServerProcess s = ctx.startServer("start-aot-0", reused, ServerProcess.aotCacheFlags(cache))) {
                aotExisting.add(s.startup().toNanos());
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
        if (untrained != null) {
            rows.add(Row.notAvailable("start.fresh.aot", GROUP, "start to /readyz, new data dir, AOT cache", untrained));
            rows.add(Row.notAvailable("start.existing.aot", GROUP, "start to /readyz, existing small DB, AOT cache", untrained));
            return rows;
        }
        Latencies.Summary af = aotFresh.summary();
        rows.add(Row.latency("start.fresh.aot", GROUP, "start to /readyz, new data dir, AOT cache (as ./switchboard serve)",
                af.millis(50), "ms (p50)", af, 0, "-XX:AOTCache of a train-startup run; p99 column = slowest of " + starts,
                java.util.Map.of()));
        Latencies.Summary ae = aotExisting.summary();
        rows.add(Row.latency("start.existing.aot", GROUP, "start to /readyz, existing small DB, AOT cache",
                ae.millis(50), "ms (p50)", ae, 0, "-XX:AOTCache of a train-startup run; p99 column = slowest of " + starts,
                java.util.Map.of()));
        return rows;
    }
}
