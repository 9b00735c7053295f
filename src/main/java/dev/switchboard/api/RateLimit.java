package dev.switchboard.api;

import dev.switchboard.limits.Limits;
import dev.switchboard.web.Requests;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Before-handler for {@code /v1/*}, after {@link Authentication}: each REST request is one request of its caller to
 * the {@link Limits} (429 with {@code Retry-After} over {@code limits.requests_per_second}). WebSocket frames go to the
 * same limits from {@link WsRoutes}.
 */
final class RateLimit implements Handler {
    private final Limits limits;

    RateLimit(Limits limits) {
        this.limits = limits;
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.method().name().equals("OPTIONS")) return;
        limits.checkRate(Requests.caller(ctx));
    }
}
