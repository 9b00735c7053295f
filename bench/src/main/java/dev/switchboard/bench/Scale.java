package dev.switchboard.bench;

import java.time.Duration;
import java.util.List;

/**
 * How big and how long each scenario runs. {@link #FULL} measures at the scale DESIGN.md's targets name;
 * {@link #QUICK} runs every scenario with small counts so CI can keep the harness working in well under
 * two minutes (its timings are not meant to be compared with anything).
 *
 * <p>{@code warmup} precedes each measured row; {@code jitWarmup} runs once on a fresh server before its
 * first row, because one client on a cold JVM measures the JIT: a fresh server answered 1-connection appends
 * at 247/s (p50 3.4 ms) in its first 3 s and at 1 107/s (p50 0.85 ms) after 24 s, its CPU above 100 % all
 * along from compiler threads.
 */
public record Scale(
        String mode,
        Duration warmup,
        Duration measure,
        Duration jitWarmup,
        List<Integer> appendClients,
        int appendSessions,
        int rawRowsPerCommitOne,
        int rawRowsBatched,
        int seedSessions,
        int seedMessages,
        int smallTranscript,
        int heartbeatSessions,
        int heartbeatClients,
        List<Integer> subscribers,
        int probes,
        int idleConnections,
        int coldStarts,
        int jmhWarmupIterations,
        int jmhIterations,
        Duration jmhIterationTime,
        int jmhData) {

    public static final Scale FULL = new Scale("full", Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(30),
            List.of(1, 16, 64, 256), 100, 3_000, 200_000, 100_000, 1_000_000, 10_000, 10_000, 64,
            List.of(1, 100, 1_000), 200, 10_000, 5, 3, 5, Duration.ofSeconds(2), 10_000);

    public static final Scale QUICK = new Scale("quick", Duration.ofMillis(300), Duration.ofMillis(700), Duration.ofMillis(500),
            List.of(1, 16, 64, 256), 100, 200, 20_000, 10_000, 100_000, 10_000, 10_000, 64,
            List.of(1, 100, 1_000), 10, 1_000, 2, 1, 1, Duration.ofMillis(700), 1_000);

    public boolean quick() {
        return mode.equals("quick");
    }
}
