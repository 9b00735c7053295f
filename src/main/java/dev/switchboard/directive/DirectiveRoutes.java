package dev.switchboard.directive;

import dev.switchboard.idempotency.Idempotency;
import dev.switchboard.input.Fields;
import dev.switchboard.web.IdempotentPost;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;

/** {@code /v1/directives} and a session's directives. */
public final class DirectiveRoutes implements Routes {
    private final DirectiveService directives;
    private final Idempotency idempotency;

    public DirectiveRoutes(DirectiveService directives, Idempotency idempotency) {
        this.directives = directives;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/directives", ctx -> idempotency.respond(IdempotentPost.of(ctx), body -> {
            Directive created = directives.create(Requests.caller(ctx), body);
            // A directive to one session holds data of it: purging the session erases the stored response too.
            return Reply.json(201, created).aboutSession(created.sessionKey());
        }).writeTo(ctx));
        r.get("/v1/sessions/{key}/directives", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), java.util.Set.of("pending", "limit", "cursor"));
            Boolean pending = q.bool("pending").orElse(null);
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            Reply.json(200, directives.list(Requests.caller(ctx), Requests.key(ctx), Boolean.TRUE.equals(pending), limit, cursor))
                    .writeTo(ctx);
        });
        r.post("/v1/directives/{id}/ack", ctx ->
                Reply.json(200, directives.ack(Requests.caller(ctx), ctx.pathParam("id"), Requests.json(ctx))).writeTo(ctx));
    }

    @Override
    public String openApi() {
        return "/openapi/directives.json";
    }
}
