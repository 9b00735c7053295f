package dev.switchboard.maintenance;

import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;

/** {@code POST /v1/maintenance {dry_run}} (admin): what retention removes now, or would. */
public record MaintenanceRoutes(MaintenanceService maintenance) implements Routes {
    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/maintenance", ctx -> Reply.json(200, maintenance.run(Requests.caller(ctx), Requests.json(ctx))).writeTo(ctx));
    }

    @Override
    public String openApi() {
        return "/openapi/maintenance.json";
    }
}
