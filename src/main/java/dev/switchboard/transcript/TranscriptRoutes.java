package dev.switchboard.transcript;

import dev.switchboard.idempotency.Idempotency;
import dev.switchboard.input.Fields;
import dev.switchboard.web.IdempotentPost;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code /v1/sessions/{key}/messages}: append (single or batch) and list. */
public final class TranscriptRoutes implements Routes {
    private final TranscriptService transcripts;
    private final Idempotency idempotency;

    public TranscriptRoutes(TranscriptService transcripts, Idempotency idempotency) {
        this.transcripts = transcripts;
        this.idempotency = idempotency;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/sessions/{key}/messages", ctx -> idempotency.respond(IdempotentPost.of(ctx), body ->
                Reply.json(201, Map.of("items", transcripts.append(Requests.caller(ctx), Requests.key(ctx), body)))
                        .aboutSession(Requests.key(ctx))).writeTo(ctx));
        r.get("/v1/sessions/{key}/messages", ctx -> Reply.json(200,
                transcripts.list(Requests.caller(ctx), Requests.key(ctx), MessageQuery.read(Fields.query(ctx.queryParamMap(), MessageQuery.PARAMETERS)))).writeTo(ctx));
    }

    /** WebSocket methods: {@code params} = {@code key} plus the REST query (list) or body (append). */
    @Override
    public void rpc(WsMethods m) {
        m.register("messages.list", call -> transcripts.list(call.caller(), call.key(), MessageQuery.read(call.query(MessageQuery.PARAMETERS))));
        m.register("messages.append", call -> Map.of("items", transcripts.append(call.caller(), call.key(), call.body())));
    }

    @Override
    public String openApi() {
        return "/openapi/transcripts.json";
    }
}
