package dev.switchboard.usage;

import dev.switchboard.input.Fields;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
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
            var q = Fields.query(ctx.queryParamMap(), java.util.Set.of("from", "to", "group_by"));
            var from = q.time("from").orElse(null);
            var to = q.time("to").orElse(null);
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
