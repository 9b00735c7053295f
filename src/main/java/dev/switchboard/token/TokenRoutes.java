package dev.switchboard.token;

import dev.switchboard.input.Fields;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;

/** {@code /v1/tokens} (admin): create, list, get, revoke. */
public final class TokenRoutes implements Routes {
    private final TokenService tokens;

    public TokenRoutes(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/tokens", ctx -> Reply.json(201, tokens.create(Requests.caller(ctx), Requests.json(ctx))).writeTo(ctx));
        r.get("/v1/tokens", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), java.util.Set.of("limit", "cursor", "include_revoked"));
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            Boolean revoked = q.bool("include_revoked").orElse(null);
            q.check();
            Reply.json(200, tokens.list(Requests.caller(ctx), limit, cursor, Boolean.TRUE.equals(revoked))).writeTo(ctx);
        });
        r.get("/v1/tokens/{id}", ctx -> Reply.json(200, tokens.get(Requests.caller(ctx), ctx.pathParam("id"))).writeTo(ctx));
        r.delete("/v1/tokens/{id}", ctx -> {
            tokens.revoke(Requests.caller(ctx), ctx.pathParam("id"));
            Reply.noContent().writeTo(ctx);
        });
    }

    @Override
    public String openApi() {
        return "/openapi/tokens.json";
    }
}
