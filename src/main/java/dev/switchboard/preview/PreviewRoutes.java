package dev.switchboard.preview;

import dev.switchboard.api.QueryParams;
import dev.switchboard.api.Reply;
import dev.switchboard.api.Requests;
import dev.switchboard.api.Routes;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code GET /v1/sessions/{key}/preview} and the batch {@code POST /v1/sessions/preview}. */
public final class PreviewRoutes implements Routes {
    private final PreviewService previews;

    public PreviewRoutes(PreviewService previews) {
        this.previews = previews;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get("/v1/sessions/{key}/preview", ctx -> {
            var q = new QueryParams(ctx);
            int limit = q.limit(PreviewService.DEFAULT_LIMIT, PreviewService.MAX_LIMIT);
            Long maxChars = q.integer("max_chars", 1, PreviewService.MAX_CHARS);
            q.check();
            Reply.json(200, previews.preview(Requests.caller(ctx), Requests.key(ctx), limit,
                    maxChars == null ? PreviewService.DEFAULT_MAX_CHARS : maxChars.intValue())).writeTo(ctx);
        });
        r.post("/v1/sessions/preview", ctx ->
                Reply.json(200, Map.of("previews", previews.previews(Requests.caller(ctx), Requests.json(ctx)))).writeTo(ctx));
    }

    @Override
    public String openApi() {
        return "/openapi/preview.json";
    }
}
