package dev.switchboard.api;

import dev.switchboard.health.HealthService;
import dev.switchboard.problem.ProblemType;
import dev.switchboard.web.Lazy;
import dev.switchboard.web.Problems;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Unauthenticated operational endpoints: liveness, readiness, Prometheus metrics, the API contract and its viewer. */
public final class OperationsRoutes implements Routes {
    private final HealthService health;
    private final PrometheusMeterRegistry metrics;
    /** Merged on the first request for it, not at start-up (≈ 20 ms of JSON reading); the fragments are tested. */
    private final Lazy<com.fasterxml.jackson.databind.node.ObjectNode> openApi;
    private final Lazy<String> docsPage = new Lazy<>(() -> resource("/docs.html"));

    /** @param features every other feature's routes, whose OpenAPI fragments are merged with this one's */
    public OperationsRoutes(HealthService health, PrometheusMeterRegistry metrics, List<Routes> features) {
        this.health = health;
        this.metrics = metrics;
        var all = new java.util.ArrayList<>(features);
        all.add(this);
        this.openApi = new Lazy<>(() -> OpenApi.tree(all));
    }

    private static String resource(String name) {
        try (InputStream in = OperationsRoutes.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/healthz", ctx -> Reply.json(200, Map.of("status", "ok")).writeTo(ctx));
        r.get("/readyz", ctx -> {
            var readiness = health.readiness();
            if (readiness.ready()) {
                Reply.json(200, Map.of("status", "ready", "store", readiness.store())).writeTo(ctx);
            } else {
                Problems.write(ctx, ProblemType.UNAVAILABLE, readiness.detail(), List.of());
            }
        });
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.servedFrom(openApi.get(), ctx.scheme(), ctx.host())));
        r.get("/docs", ctx -> ctx.html(docsPage.get()));
    }

    @Override
    public String openApi() {
        return "/openapi/operations.json";
    }
}
