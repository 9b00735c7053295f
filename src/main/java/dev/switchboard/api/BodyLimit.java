package dev.switchboard.api;

import dev.switchboard.limits.Limits;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Rejects a request whose declared Content-Length exceeds {@code limits.max_body_bytes} before a byte of it is read
 * ({@link Limits#checkSize}). Chunked bodies without a length are cut off by {@code ctx.bodyAsBytes()} at the same
 * limit (Javalin's {@code http.maxRequestSize}), which {@link dev.switchboard.web.Problems} maps to the same 413.
 */
final class BodyLimit implements Handler {
    private final Limits limits;

    BodyLimit(Limits limits) {
        this.limits = limits;
    }

    @Override
    public void handle(Context ctx) {
        limits.checkSize(ctx.req().getContentLengthLong());
    }
}
