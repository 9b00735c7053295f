package dev.switchboard.compaction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What compaction reports in {@code /metrics}: {@code switchboard_compactions_total{strategy, trigger, outcome}}
 * (outcome {@code created} or {@code failed}), {@code switchboard_compaction_summary_seconds} (summarizer time),
 * {@code switchboard_compactions_running}, and {@code switchboard_compaction_auto_checks_total{decision}}: what each
 * automatic check decided ({@code started}, {@code backoff}, {@code same_crossing},
 * {@code nothing_to_compact}, {@code busy}, {@code dropped}).
 */
final class CompactionMetrics {
    private final MeterRegistry registry;
    private final Timer summary;

    CompactionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.summary = Timer.builder("switchboard.compaction.summary").description("Time summarizers took").register(registry);
    }

    void watchRunning(Supplier<Number> running) {
        Gauge.builder("switchboard.compactions.running", running).description("Compactions waiting for or running a summarizer")
                .register(registry);
    }

    void ended(String strategy, String trigger, boolean created) {
        registry.counter("switchboard.compactions", "strategy", strategy, "trigger", trigger,
                "outcome", created ? "created" : "failed").increment();
    }

    void summarized(Duration took) {
        summary.record(took);
    }

    void autoDecision(String decision) {
        registry.counter("switchboard.compaction.auto.checks", "decision", decision).increment();
    }
}
