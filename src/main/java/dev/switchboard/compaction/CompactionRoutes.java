package dev.switchboard.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.idempotency.Idempotency;
import dev.switchboard.input.Fields;
import dev.switchboard.json.Json;
import dev.switchboard.web.IdempotentPost;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsCall;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import java.util.Set;

/**
 * {@code POST /v1/sessions/{key}/compact}, {@code /v1/sessions/{key}/checkpoints…} (list, get, restore, branch) and
 * their WebSocket methods {@code sessions.compact}, {@code checkpoints.list|get|restore|branch}.
 */
public final class CompactionRoutes implements Routes {
    private static final String CHECKPOINT = "/v1/sessions/{key}/checkpoints/{id}";
    private static final Set<String> LIST_PARAMETERS = Set.of("instance", "limit", "cursor");
    private static final Set<String> GET_PARAMETERS = Set.of("include", "limit", "cursor");

    private final CompactionService compactions;
    private final CheckpointHistory history;
    private final CheckpointBranch branches;
    private final Idempotency idempotency;

    public CompactionRoutes(CompactionService compactions, CheckpointHistory history, CheckpointBranch branches,
                            Idempotency idempotency) {
        this.compactions = compactions;
        this.history = history;
        this.branches = branches;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/sessions/{key}/compact", ctx -> idempotency.respond(IdempotentPost.of(ctx), body ->
                Reply.json(201, compactions.compact(Requests.caller(ctx), Requests.key(ctx), body))
                        .aboutSession(Requests.key(ctx))).writeTo(ctx));
        r.get("/v1/sessions/{key}/checkpoints", ctx -> {
            var q = Fields.query(ctx.queryParamMap(), LIST_PARAMETERS);
            String instance = q.string("instance", 64).orElse(null);
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            Reply.json(200, history.list(Requests.caller(ctx), Requests.key(ctx), instance, limit, cursor)).writeTo(ctx);
        });
        r.get(CHECKPOINT, ctx -> {
            var q = Fields.query(ctx.queryParamMap(), GET_PARAMETERS);
            boolean messages = q.oneOf("include", Set.of("messages"), null) != null;
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            Reply.json(200, history.get(Requests.caller(ctx), Requests.key(ctx), ctx.pathParam("id"), messages, limit, cursor))
                    .writeTo(ctx);
        });
        r.post(CHECKPOINT + "/restore", ctx ->
                Reply.json(200, history.restore(Requests.caller(ctx), Requests.key(ctx), ctx.pathParam("id"))).writeTo(ctx));
        r.post(CHECKPOINT + "/branch", ctx -> idempotency.respond(IdempotentPost.of(ctx), body -> {
            var created = branches.branch(Requests.caller(ctx), Requests.key(ctx), ctx.pathParam("id"), body);
            return Reply.json(201, created).etag(created.version()).aboutSession(created.key());
        }).writeTo(ctx));
    }

    /**
     * {@code sessions.compact} is {@code POST …/compact} ({@code params}: {@code key} and the body);
     * {@code checkpoints.list} takes {@code key} and the list query; {@code checkpoints.get|restore|branch} also
     * take the checkpoint's {@code id} ({@code get}: {@code include}, {@code branch}: the new {@code key} as
     * {@code new_key}).
     */
    @Override
    public void rpc(WsMethods m) {
        m.register("sessions.compact", call -> compactions.compact(call.caller(), call.key(), call.body()));
        m.register("checkpoints.list", call -> {
            var q = call.query(LIST_PARAMETERS);
            String instance = q.string("instance", 64).orElse(null);
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            return history.list(call.caller(), call.key(), instance, limit, cursor);
        });
        m.register("checkpoints.get", call -> {
            var q = call.query(Set.of("id", "include", "limit", "cursor"));
            boolean messages = q.oneOf("include", Set.of("messages"), null) != null;
            int limit = q.limit();
            String cursor = q.string("cursor", 2048).orElse(null);
            q.check();
            return history.get(call.caller(), call.key(), id(call), messages, limit, cursor);
        });
        m.register("checkpoints.restore", call -> history.restore(call.caller(), call.key(), id(call)));
        m.register("checkpoints.branch", call -> {
            ObjectNode body = Json.object();
            JsonNode newKey = call.params().get("new_key");
            if (newKey != null && !newKey.isNull()) body.set("key", newKey);
            return branches.branch(call.caller(), call.key(), id(call), body);
        });
    }

    private static String id(WsCall call) {
        return WsCall.requiredText(call.params(), "id", "is required (the checkpoint id)");
    }

    @Override
    public String openApi() {
        return "/openapi/compaction.json";
    }
}
