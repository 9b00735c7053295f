package dev.switchboard.stats;

import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;

/** {@code GET /v1/stats} (and WebSocket {@code stats.get}). */
public final class StatsRoutes implements Routes {
    private final StatsService stats;

    public StatsRoutes(StatsService stats) {
        this.stats = stats;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/stats", ctx -> Reply.json(200, stats.get(Requests.caller(ctx))).writeTo(ctx));
    }

    @Override
    public void rpc(WsMethods m) {
        m.register("stats.get", call -> stats.get(call.caller()));
    }

    @Override
    public String openApi() {
        return "/openapi/stats.json";
    }
}
