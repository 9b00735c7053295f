package dev.switchboard.streamtoken;

import dev.switchboard.web.Reply;
import dev.switchboard.web.Requests;
import dev.switchboard.web.Routes;
import io.javalin.config.RoutesConfig;

/** {@code POST /v1/stream-tokens}: short-lived read-only tokens for browsers' EventSource and WebSocket. */
public final class StreamTokenRoutes implements Routes {
    private final StreamTokenService streamTokens;

    public StreamTokenRoutes(StreamTokenService streamTokens) {
        this.streamTokens = streamTokens;
    }

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/stream-tokens", ctx ->
                Reply.json(201, streamTokens.issue(Requests.caller(ctx), Requests.json(ctx))).writeTo(ctx));
    }

    @Override
    public String openApi() {
        return "/openapi/stream-tokens.json";
    }
}
