package dev.switchboard.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server and the load generator spent during a measurement window: CPU of each process (100 % =
 * one core of the two), and the server's group-commit figures from its own metrics. On a 2-core machine
 * shared by server and generator these say whether a number is limited by CPU, by fsync or by neither.
 */
public final class Window {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final ServerProcess server;
    private final long t0;
    private final long serverCpu0;
    private final long generatorCpu0;
    private final PromText metrics0;

    private Window(ServerProcess server) {
        this.server = server;
        this.metrics0 = server == null ? null : server.metrics();
        this.serverCpu0 = server == null ? 0 : server.cpuNanos();
        this.generatorCpu0 = OS.getProcessCpuTime();
        this.t0 = System.nanoTime();
    }

    public static Window open(ServerProcess server) {
        return new Window(server);
    }

    public Figures close() {
        long elapsed = System.nanoTime() - t0;
        var out = new LinkedHashMap<String, Object>();
        out.put("generator_cpu_pct", round(100.0 * (OS.getProcessCpuTime() - generatorCpu0) / elapsed));
        if (server != null) {
            out.put("server_cpu_pct", round(100.0 * (server.cpuNanos() - serverCpu0) / elapsed));
            PromText m = server.metrics();
            double commits = delta(m, "switchboard_store_commit_batch_size_writes_count");
            double writes = delta(m, "switchboard_store_commit_batch_size_writes_sum");
            double commitSeconds = delta(m, "switchboard_store_commit_duration_seconds_sum");
            if (commits > 0) {
                out.put("commits_per_s", round(commits / (elapsed / 1e9)));
                out.put("writes_per_commit", round(writes / commits));
                out.put("commit_ms_mean", round(1000 * commitSeconds / commits));
            }
            out.put("server_rss_mib", round(server.rssBytes() / 1048576.0));
        }
        return new Figures(out);
    }

    private double delta(PromText now, String name) {
        return now.sum(name, "") - metrics0.sum(name, "");
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    public record Figures(Map<String, Object> values) {
        public static final Figures NONE = new Figures(Map.of());
    }
}
