package dev.switchboard.mcp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * {@code switchboard_mcp_tool_calls_seconds{tool, outcome}}: count and latency of tool calls, by tool (a fixed set:
 * unknown names are not recorded) and outcome ({@code ok} or the problem slug of a failed call).
 */
final class McpMetrics {
    private final MeterRegistry registry;

    McpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String tool, String outcome, long nanos) {
        Timer.builder("switchboard.mcp.tool.calls")
                .description("MCP tool calls by tool and outcome (ok, or the problem slug)")
                .tag("tool", tool)
                .tag("outcome", outcome)
                .publishPercentiles(0.5, 0.99)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
