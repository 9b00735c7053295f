package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The performance targets of DESIGN.md, each judged against the row that measures it. A target whose row is
 * missing (quick mode measures smaller data sets) or unavailable is "not measured", never "met".
 */
final class Targets {
    record Verdict(String target, String row, String measured, String verdict) {}

    private record Target(String text, String rowId, Function<Row, Optional<String>> failure, Function<Row, String> measured) {}

    private static final List<Target> ALL = List.of(
            new Target("Message appends, 64 clients over 100 sessions: ≥ 20 000/s, p99 < 20 ms", "append.single.c64.spread",
                    r -> r.value() >= 20_000 && r.p99() < 20 && r.errors() == 0 ? Optional.empty()
                            : Optional.of(r.value() < 20_000 ? "throughput" : r.p99() >= 20 ? "p99" : "errors"),
                    r -> "%,.0f msg/s, p99 %.1f ms".formatted(r.value(), r.p99())),
            new Target("Message appends: nothing lost", "append.lost",
                    r -> r.value() == 0 ? Optional.empty() : Optional.of("lost"), r -> "%,.0f lost of %,d acked".formatted(r.value(), r.samples())),
            new Target("Message appends: kill -9 mid-run loses nothing acknowledged", "append.kill9.lost",
                    r -> r.value() == 0 ? Optional.empty() : Optional.of("lost"),
                    r -> "%,.0f missing of %,d acked before the kill".formatted(r.value(), r.samples())),
            new Target("Heartbeats over 10 000 sessions, 64 clients: ≥ 20 000/s", "heartbeat.c64.10000",
                    r -> r.value() >= 20_000 && r.errors() == 0 ? Optional.empty() : Optional.of("throughput"),
                    r -> "%,.0f/s, p99 %.1f ms".formatted(r.value(), r.p99())),
            new Target("Last 50 messages at 10 000 messages: p99 ≤ 1 ms", "read.last50.10000.c1",
                    r -> r.p99() <= 1 ? Optional.empty() : Optional.of("p99"), r -> "p99 %.2f ms".formatted(r.p99())),
            new Target("Last 50 messages at 1 000 000 messages: p99 ≤ 5 ms", "read.last50.1000000.c1",
                    r -> r.p99() <= 5 ? Optional.empty() : Optional.of("p99"), r -> "p99 %.2f ms".formatted(r.p99())),
            new Target("Context at 10 000 messages with a checkpoint: p99 ≤ 2 ms", "context.10000.c1",
                    r -> r.p99() <= 2 && r.errors() == 0 ? Optional.empty() : Optional.of("p99"), r -> "p99 %.2f ms".formatted(r.p99())),
            new Target("Context at 1 000 000 messages with a checkpoint: p99 ≤ 5 ms", "context.1000000.c1",
                    r -> r.p99() <= 5 && r.errors() == 0 ? Optional.empty() : Optional.of("p99"), r -> "p99 %.2f ms".formatted(r.p99())),
            new Target("MCP read_transcript of the last 50 messages, 1 client: p99 ≤ 5 ms", "read.mcp.last50.10000.c1",
                    r -> r.p99() <= 5 && r.errors() == 0 ? Optional.empty() : Optional.of("p99"), r -> "p99 %.2f ms".formatted(r.p99())),
            new Target("List page over 100 000 sessions: p99 < 10 ms", "read.sessions.first.100002.c1",
                    r -> r.p99() < 10 ? Optional.empty() : Optional.of("p99"), r -> "p99 %.2f ms".formatted(r.p99())),
            new Target("List page over 100 000 sessions, every page by cursor: p99 < 10 ms", "read.sessions.walk.100002",
                    r -> r.p99() < 10 && r.errors() == 0 ? Optional.empty() : Optional.of("p99"), r -> "p99 %.2f ms".formatted(r.p99())),
            new Target("Event delivery to 1 000 SSE subscribers: p99 < 50 ms", "events.delivery.s1000",
                    r -> r.p99() < 50 && r.errors() == 0 ? Optional.empty() : Optional.of("p99 or missing deliveries"),
                    r -> "p99 %.1f ms, %d missing".formatted(r.p99(), r.errors())),
            new Target("10 000 idle SSE connections: < 1 GiB heap", "events.idle.10000",
                    r -> r.value() < 1024 && r.samples() >= 10_000 ? Optional.empty()
                            : Optional.of(r.samples() < 10_000 ? "only " + r.samples() + " connections" : "heap"),
                    r -> "%.0f MiB heap with %,d connections".formatted(r.value(), r.samples())),
            // ./switchboard serve, the documented way to start, runs with an AppCDS archive (see the launcher).
            new Target("Cold start to ready < 1 s, new data directory (SQLite, median, as ./switchboard serve starts it: AOT cache)", "start.fresh.aot",
                    r -> r.p50() < 1000 ? Optional.empty() : Optional.of("p50"),
                    r -> "p50 %.0f ms, slowest %.0f ms".formatted(r.p50(), r.p99())),
            new Target("Memory per idle session: constant (heap grows < 100 B per session touched)", "memory.per_session",
                    r -> r.value() < 100 ? Optional.empty() : Optional.of("grows"), r -> "%.1f B/session".formatted(r.value())));

    private Targets() {}

    /** In quick mode every verdict is marked: short windows on a cold JIT say nothing about the targets. */
    static List<Verdict> judge(List<Row> rows, boolean quick) {
        Map<String, Row> byId = new java.util.HashMap<>();
        for (Row r : rows) byId.put(r.id(), r);
        var out = new ArrayList<Verdict>();
        for (Target t : ALL) {
            Row r = byId.get(t.rowId());
            if (r == null) out.add(new Verdict(t.text(), t.rowId(), "", "not measured at this scale"));
            else if (!r.ok()) out.add(new Verdict(t.text(), t.rowId(), "", r.note()));
            else {
                Optional<String> failed = t.failure().apply(r);
                String verdict = failed.map(f -> "NOT met (" + f + ")").orElse("met");
                out.add(new Verdict(t.text(), t.rowId(), t.measured().apply(r), quick ? verdict + " [quick]" : verdict));
            }
        }
        return out;
    }
}
