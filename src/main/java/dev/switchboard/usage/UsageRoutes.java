package dev.switchboard.usage;

import dev.switchboard.api.QueryParams;
import dev.switchboard.api.Reply;
import dev.switchboard.api.Requests;
import dev.switchboard.api.Routes;
import io.javalin.config.RoutesConfig;

/** {@code GET /v1/usage}. */
public final class UsageRoutes implements Routes {
    private final UsageService usage;

    public UsageRoutes(UsageService usage) {
        this.usage = usage;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/usage", ctx -> {
            var q = new QueryParams(ctx);
            var from = q.time("from");
            var to = q.time("to");
            String groupBy = q.oneOf("group_by", UsageService.GROUPS, "day");
            q.check();
            Reply.json(200, usage.report(Requests.caller(ctx), from, to, groupBy)).writeTo(ctx);
        });
    }

    @Override
    public String openApi() {
        return "/openapi/usage.json";
    }
}
