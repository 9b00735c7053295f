package dev.switchboard.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * Event delivery metrics, per transport ({@code sse}, {@code ws}, {@code mcp}): events handed to subscribers, subscribers
 * closed for overflowing their buffer, and how many events each subscription replayed from the table before
 * it went live. Open connections are counted by {@link dev.switchboard.event.StreamRegistry}; pruning here.
 */
public final class EventMetrics {
    /** The meters of one transport. */
    public record Transport(Counter delivered, Counter overflows, DistributionSummary replayLength) {}

    private final Map<String, Transport> transports;
    private final Counter pruned;

    public EventMetrics(MeterRegistry registry) {
        this.transports = Map.of("sse", transport(registry, "sse"), "ws", transport(registry, "ws"),
                "mcp", transport(registry, "mcp"));
        this.pruned = Counter.builder("switchboard.events.pruned")
                .description("Events deleted by retention (events.retention)")
                .register(registry);
    }

    private static Transport transport(MeterRegistry registry, String name) {
        return new Transport(
                Counter.builder("switchboard.events.delivered")
                        .description("Events handed to subscribers (replayed and live)")
                        .tag("transport", name).register(registry),
                Counter.builder("switchboard.events.overflows")
                        .description("Subscribers closed because they fell behind by more than events.buffer")
                        .tag("transport", name).register(registry),
                DistributionSummary.builder("switchboard.events.replay.length")
                        .description("Events replayed from the table per subscription before it went live")
                        .baseUnit("events")
                        .publishPercentiles(0.5, 0.99)
                        .tag("transport", name).register(registry));
    }

    public Transport transport(String name) {
        Transport t = transports.get(name);
        if (t == null) throw new IllegalArgumentException("unknown transport " + name);
        return t;
    }

    Counter pruned() {
        return pruned;
    }
}
