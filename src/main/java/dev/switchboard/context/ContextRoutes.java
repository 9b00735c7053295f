package dev.switchboard.context;

import dev.switchboard.input.Fields;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;

/** {@code GET /v1/sessions/{key}/context} and WebSocket {@code sessions.context}. */
public final class ContextRoutes implements Routes {
    private final ContextService contexts;

    public ContextRoutes(ContextService contexts) {
        this.contexts = contexts;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/sessions/{key}/context", ctx -> Reply.json(200, contexts.get(Requests.caller(ctx), Requests.key(ctx),
                ContextService.Request.parse(Fields.query(ctx.queryParamMap(), ContextService.Request.PARAMETERS)))).writeTo(ctx));
    }

    /** {@code sessions.context}: {@code params} = {@code key} plus the REST query ({@code max_tokens}, {@code format}, …). */
    @Override
    public void rpc(WsMethods m) {
        m.register("sessions.context", call -> contexts.get(call.caller(), call.key(), ContextService.Request.parse(call.query(ContextService.Request.PARAMETERS))));
    }

    @Override
    public String openApi() {
        return "/openapi/context.json";
    }
}
