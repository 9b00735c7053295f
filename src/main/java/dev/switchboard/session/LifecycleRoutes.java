package dev.switchboard.session;

import dev.switchboard.idempotency.Idempotency;
import dev.switchboard.input.Fields;
import dev.switchboard.web.IdempotentPost;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The session lifecycle beyond create/read/update: {@code resolve}, {@code reset}, {@code instances},
 * {@code switch}, plugin namespaces, and the admin's reset policies.
 */
public final class LifecycleRoutes implements Routes {
    private final SessionLifecycle lifecycle;
    private final SessionPlugins plugins;
    private final ResetPolicies policies;
    private final Idempotency idempotency;

    public LifecycleRoutes(SessionLifecycle lifecycle, SessionPlugins plugins, ResetPolicies policies,
                           Idempotency idempotency) {
        this.lifecycle = lifecycle;
        this.plugins = plugins;
        this.policies = policies;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/sessions/resolve", ctx -> idempotency.respond(IdempotentPost.of(ctx), body -> {
            Resolution res = lifecycle.resolve(Requests.caller(ctx), body);
            return Reply.json(200, res).etag(res.session().version()).aboutSession(res.session().key());
        }).writeTo(ctx));
        r.post("/v1/sessions/{key}/reset", ctx ->
                session(ctx, lifecycle.reset(Requests.caller(ctx), Requests.key(ctx), Requests.json(ctx))));
        r.post("/v1/sessions/{key}/switch", ctx ->
                session(ctx, lifecycle.switchTo(Requests.caller(ctx), Requests.key(ctx), Requests.json(ctx))));
        r.get("/v1/instances/{id}", ctx -> Reply.json(200, lifecycle.instance(Requests.caller(ctx), ctx.pathParam("id"))).writeTo(ctx));
        r.get("/v1/sessions/{key}/instances", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), java.util.Set.of("limit", "cursor"));
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            Reply.json(200, lifecycle.instances(Requests.caller(ctx), Requests.key(ctx), limit, cursor)).writeTo(ctx);
        });
        r.put("/v1/sessions/{key}/plugins/{plugin_id}/{namespace}", ctx -> session(ctx, plugins.put(
                Requests.caller(ctx), Requests.key(ctx), ctx.pathParam("plugin_id"), ctx.pathParam("namespace"),
                Requests.json(ctx), Requests.ifMatch(ctx))));
        r.get("/v1/policies", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), java.util.Set.of("platform", "chat_type"));
            String platform = q.string("platform", 64).orElse(null);
            String chatType = q.oneOf("chat_type", SessionKeys.CHAT_TYPES, null);
            q.check();
            if ((platform == null) != (chatType == null)) {
                throw dev.switchboard.problem.ProblemException.validation(platform == null ? "platform" : "chat_type",
                        "platform and chat_type go together: both resolve one policy, neither lists them all");
            }
            Reply.json(200, policies.view(Requests.caller(ctx), platform, chatType)).writeTo(ctx);
        });
        r.put("/v1/policies", ctx -> Reply.json(200, policies.replace(Requests.caller(ctx), Requests.json(ctx))).writeTo(ctx));
    }

    private static void session(Context ctx, Session s) {
        Reply.json(200, s).etag(s.version()).writeTo(ctx);
    }

    @Override
    public void rpc(WsMethods m) {
        m.register("sessions.resolve", call -> lifecycle.resolve(call.caller(), call.params()));
        m.register("sessions.reset", call -> lifecycle.reset(call.caller(), call.key(), call.body()));
    }

    @Override
    public String openApi() {
        return "/openapi/lifecycle.json";
    }
}
