package dev.switchboard.session;

import dev.switchboard.idempotency.Idempotency;
import dev.switchboard.input.Fields;
import dev.switchboard.web.IdempotentPost;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code /v1/sessions}: create, list, get, patch, heartbeat (one or a batch), end. */
public final class SessionRoutes implements Routes {
    private final SessionService sessions;
    private final Idempotency idempotency;

    public SessionRoutes(SessionService sessions, Idempotency idempotency) {
        this.sessions = sessions;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/sessions", ctx -> idempotency.respond(IdempotentPost.of(ctx), body -> {
            var result = sessions.create(Requests.caller(ctx), body);
            return Reply.json(result.created() ? 201 : 200, result.session()).etag(result.session().version())
                    .aboutSession(result.session().key());
        }).writeTo(ctx));
        r.get("/v1/sessions", ctx -> Reply.json(200, sessions.list(Requests.caller(ctx), SessionQuery.read(Fields.query(ctx.queryParamMap(), SessionQuery.PARAMETERS)))).writeTo(ctx));
        r.get("/v1/sessions/{key}", ctx -> {
            Session s = sessions.get(Requests.caller(ctx), Requests.key(ctx));
            Reply.json(200, s).etag(s.version()).writeTo(ctx);
        });
        r.patch("/v1/sessions/{key}", ctx -> {
            Session s = sessions.patch(Requests.caller(ctx), Requests.key(ctx), Requests.json(ctx), Requests.ifMatch(ctx));
            Reply.json(200, s).etag(s.version()).writeTo(ctx);
        });
        r.post("/v1/sessions/heartbeat", ctx ->
                Reply.json(200, Map.of("items", sessions.heartbeats(Requests.caller(ctx), Requests.json(ctx)))).writeTo(ctx));
        r.post("/v1/sessions/{key}/heartbeat", ctx -> {
            Session s = sessions.heartbeat(Requests.caller(ctx), Requests.key(ctx), Requests.json(ctx));
            Reply.json(200, s).etag(s.version()).writeTo(ctx);
        });
        r.post("/v1/sessions/{key}/end", ctx -> {
            Session s = sessions.end(Requests.caller(ctx), Requests.key(ctx), Requests.json(ctx));
            Reply.json(200, s).etag(s.version()).writeTo(ctx);
        });
    }

    /** WebSocket methods: {@code params} = the REST body, plus {@code key} (and {@code if_match}) for one session. */
    @Override
    public void rpc(WsMethods m) {
        m.register("sessions.list", call -> sessions.list(call.caller(), SessionQuery.read(call.query(SessionQuery.PARAMETERS))));
        m.register("sessions.get", call -> sessions.get(call.caller(), call.key()));
        m.register("sessions.create", call -> sessions.create(call.caller(), call.params()).session());
        m.register("sessions.patch", call -> sessions.patch(call.caller(), call.key(), call.body(), call.ifMatch()));
        // An agent that keeps a socket open beats on it: no HTTP request (parse, headers, auth) per beat.
        // With beats, the batch form (as POST /v1/sessions/heartbeat); otherwise one session by key.
        m.register("sessions.heartbeat", call -> call.params().has("beats")
                ? Map.of("items", sessions.heartbeats(call.caller(), call.params()))
                : sessions.heartbeat(call.caller(), call.key(), call.body()));
    }

    @Override
    public String openApi() {
        return "/openapi/sessions.json";
    }
}
