package dev.switchboard.run;

import dev.switchboard.idempotency.Idempotency;
import dev.switchboard.input.Fields;
import dev.switchboard.paging.Page;
import dev.switchboard.web.IdempotentPost;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.WsCall;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import java.util.Set;

/** Runs ({@code /v1/sessions/{key}/runs}, {@code /v1/runs/{id}…}) and agent definitions ({@code /v1/agents}). */
public final class RunRoutes implements Routes {
    private static final int DEFAULT_TAIL = 100;

    private final RunService runs;
    private final SessionAbort stops;
    private final AgentRegistry agents;
    private final Idempotency idempotency;

    public RunRoutes(RunService runs, SessionAbort stops, AgentRegistry agents, Idempotency idempotency) {
        this.runs = runs;
        this.stops = stops;
        this.agents = agents;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/agents", ctx -> Reply.json(200, new Page<>(
                agents.list(Requests.caller(ctx)).stream().map(AgentDefinitions::render).toList(), null)).writeTo(ctx));
        r.put("/v1/agents/{id}", ctx -> {
            var put = agents.put(Requests.caller(ctx), ctx.pathParam("id"), Requests.json(ctx));
            Reply.json(put.created() ? 201 : 200, AgentDefinitions.render(put.agent())).writeTo(ctx);
        });
        r.post("/v1/sessions/{key}/runs", ctx -> idempotency.respond(IdempotentPost.of(ctx), body ->
                Reply.json(202, runs.send(Requests.caller(ctx), Requests.key(ctx), body)).aboutSession(Requests.key(ctx))).writeTo(ctx));
        r.get("/v1/sessions/{key}/runs", ctx -> Reply.json(200, runs.list(Requests.caller(ctx), Requests.key(ctx),
                RunQuery.read(Fields.query(ctx.queryParamMap(), RunQuery.SESSION_PARAMETERS)))).writeTo(ctx));
        r.get("/v1/runs", ctx -> Reply.json(200, runs.list(Requests.caller(ctx),
                RunQuery.read(Fields.query(ctx.queryParamMap(), RunQuery.PARAMETERS)))).writeTo(ctx));
        r.get("/v1/runs/{id}/report", ctx -> ctx.contentType("text/plain; charset=utf-8")
                .result(runs.report(Requests.caller(ctx), ctx.pathParam("id"))));
        r.get("/v1/runs/{id}", ctx -> Reply.json(200, runs.get(Requests.caller(ctx), ctx.pathParam("id"))).writeTo(ctx));
        r.post("/v1/runs/{id}/abort", ctx ->
                Reply.json(200, runs.abort(Requests.caller(ctx), ctx.pathParam("id"), Requests.json(ctx))).writeTo(ctx));
        r.post("/v1/sessions/{key}/abort", ctx ->
                Reply.json(200, stops.abort(Requests.caller(ctx), Requests.key(ctx), Requests.json(ctx))).writeTo(ctx));
        r.get("/v1/runs/{id}/launch", ctx ->
                Reply.json(200, runs.launch(Requests.caller(ctx), ctx.pathParam("id"))).writeTo(ctx));
        r.get("/v1/runs/{id}/logs", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), Set.of("tail", "bytes", "stream"));
            Long tail = q.integer("tail", 1, RunService.MAX_LOG_LINES).orElse(null);
            Long bytes = q.integer("bytes", 1, LogTail.MAX_BYTES).orElse(null);
            String stream = q.oneOf("stream", Set.of("stdout", "stderr", "both"), "stdout");
            q.check();
            // With only bytes, the lines are not what bounds the answer.
            int lines = tail != null ? tail.intValue() : bytes != null ? Integer.MAX_VALUE : DEFAULT_TAIL;
            String text = runs.logs(Requests.caller(ctx), ctx.pathParam("id"), lines, bytes == null ? LogTail.MAX_BYTES : bytes, stream);
            ctx.contentType("text/plain; charset=utf-8").result(text);
        });
    }

    /**
     * {@code runs.send} is {@code POST …/runs}; {@code runs.steer} the same with {@code on_active: interrupt}
     * (abort the active run, then start this one); {@code runs.abort} takes the run {@code id}, or a session
     * {@code key} to stop the session like {@code sessions.abort} ({@code POST /v1/sessions/{key}/abort}).
     */
    @Override
    public void rpc(WsMethods m) {
        m.register("runs.send", call -> runs.send(call.caller(), call.key(), call.body()));
        m.register("runs.steer", call -> {
            var body = call.body();
            body.put("on_active", "interrupt");
            return runs.send(call.caller(), call.key(), body);
        });
        m.register("runs.list", call -> runs.list(call.caller(), RunQuery.read(call.query(RunQuery.PARAMETERS))));
        m.register("sessions.abort", call -> stops.abort(call.caller(), call.key(), call.body()));
        m.register("runs.abort", call -> {
            var body = call.body();
            if (!body.has("id") && call.params().has("key")) return stops.abort(call.caller(), call.key(), body);
            String id = WsCall.requiredText(body, "id", "is required (the run id)");
            body.remove("id");
            return runs.abort(call.caller(), id, body);
        });
    }

    @Override
    public String openApi() {
        return "/openapi/runs.json";
    }
}
