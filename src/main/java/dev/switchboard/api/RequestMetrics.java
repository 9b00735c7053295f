package dev.switchboard.api;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Request count and latency per route template ({@code /v1/sessions/{key}}, never the concrete key,
 * which would explode the metric's cardinality), method and status.
 */
public final class RequestMetrics implements RequestLogger {
    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx, Float executionMillis) {
        String route;
        try {
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            route = endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        Timer.builder("switchboard.http.requests")
                .description("HTTP requests by route, method and status")
                .tag("route", route)
                .tag("method", ctx.method().name())
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentiles(0.5, 0.99)
                .register(registry)
                .record((long) (executionMillis * 1_000_000), TimeUnit.NANOSECONDS);
    }
}
