package dev.switchboard.preview;

import dev.switchboard.auth.Caller;
import dev.switchboard.input.Fields;
import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import dev.switchboard.web.WsMethods;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.Set;

/** {@code GET /v1/sessions/{key}/preview} and the batch {@code POST /v1/sessions/preview}. */
public final class PreviewRoutes implements Routes {
    private final PreviewService previews;

    private static final Set<String> PARAMETERS = Set.of("limit", "max_chars");

    public PreviewRoutes(PreviewService previews) {
        this.previews = previews;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/sessions/{key}/preview", ctx ->
                Reply.json(200, single(Requests.caller(ctx), Requests.key(ctx), Fields.query(ctx.queryParamMap(), PARAMETERS))).writeTo(ctx));
        r.post("/v1/sessions/preview", ctx ->
                Reply.json(200, Map.of("previews", previews.previews(Requests.caller(ctx), Requests.json(ctx)))).writeTo(ctx));
    }

    /** {@code sessions.preview}: with {@code keys} the batch form, otherwise one session by {@code key}. */
    @Override
    public void rpc(WsMethods m) {
        m.register("sessions.preview", call -> call.params().has("keys")
                ? Map.of("previews", previews.previews(call.caller(), call.params()))
                : single(call.caller(), call.key(), call.query(PARAMETERS)));
    }

    private Object single(Caller caller, String key, Fields q) {
        int limit = q.limit(PreviewService.DEFAULT_LIMIT, PreviewService.MAX_LIMIT);
        Long maxChars = q.integer("max_chars", 1, PreviewService.MAX_CHARS).orElse(null);
        q.check();
        return previews.preview(caller, key, limit, maxChars == null ? PreviewService.DEFAULT_MAX_CHARS : maxChars.intValue());
    }

    @Override
    public String openApi() {
        return "/openapi/preview.json";
    }
}
