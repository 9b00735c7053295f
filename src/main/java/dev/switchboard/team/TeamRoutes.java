package dev.switchboard.team;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.idempotency.Idempotency;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.web.IdempotentPost;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import java.util.Set;

/** Subagents, sends between sessions and pair sessions (README "Agents working together"). */
public final class TeamRoutes implements Routes {
    private final TeamService teams;
    private final Idempotency idempotency;

    public TeamRoutes(TeamService teams, Idempotency idempotency) {
        this.teams = teams;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/sessions/{key}/spawn", ctx -> idempotency.respond(IdempotentPost.of(ctx), body -> {
            var o = teams.spawn(Requests.caller(ctx), Requests.key(ctx), body);
            return Reply.json(o.created() ? 201 : 200, spawned(o)).aboutSession(Requests.key(ctx));
        }).writeTo(ctx));
        r.get("/v1/sessions/{key}/children", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), Set.of("limit", "cursor"));
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            Reply.json(200, teams.children(Requests.caller(ctx), Requests.key(ctx), limit, cursor)).writeTo(ctx);
        });
        r.post("/v1/sessions/{key}/send", ctx -> idempotency.respond(IdempotentPost.of(ctx), body -> {
            var o = teams.send(Requests.caller(ctx), Requests.key(ctx), body);
            return Reply.json(o.run().active() ? 202 : 200, sent(o)).aboutSession(Requests.key(ctx));
        }).writeTo(ctx));
        r.post("/v1/pairs", ctx -> idempotency.respond(IdempotentPost.of(ctx), body -> {
            var created = teams.pair(Requests.caller(ctx), body);
            return Reply.json(created.created() ? 201 : 200, created.session()).etag(created.session().version())
                    .aboutSession(created.session().key());
        }).writeTo(ctx));
    }

    @Override
    public void rpc(WsMethods m) {
        m.register("sessions.spawn", call -> spawned(teams.spawn(call.caller(), call.key(), call.body())));
        m.register("sessions.send", call -> sent(teams.send(call.caller(), call.key(), call.body())));
        m.register("pairs.create", call -> teams.pair(call.caller(), call.params()).session());
    }

    /** The child session, plus the {@code run} started on it and, when waited for, its {@code answer}. */
    static ObjectNode spawned(TeamService.Outcome o) {
        ObjectNode node = (ObjectNode) Json.tree(o.session());
        node.set("run", Json.tree(o.run()));
        node.put("answer", o.answer());
        return node;
    }

    /** {@code {run, answer}}: the run started on the target and, when waited for, its final answer. */
    static ObjectNode sent(TeamService.Outcome o) {
        ObjectNode node = Json.object();
        node.set("run", Json.tree(o.run()));
        node.put("answer", o.answer());
        return node;
    }

    @Override
    public String openApi() {
        return "/openapi/teams.json";
    }
}
