package dev.switchboard.importer;

import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;

/** {@code GET /v1/sources}: the configured transcript sources and where their import stands. */
public final class SourceRoutes implements Routes {
    private final SourcesService sources;

    public SourceRoutes(SourcesService sources) {
        this.sources = sources;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/sources", ctx -> Reply.json(200, sources.list(Requests.caller(ctx))).writeTo(ctx));
    }

    @Override
    public String openApi() {
        return "/openapi/sources.json";
    }
}
