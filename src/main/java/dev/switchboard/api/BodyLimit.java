package dev.switchboard.api;

import dev.switchboard.problem.ProblemException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Rejects a request whose declared Content-Length exceeds {@code limits.max_body_bytes} before a byte of
 * it is read. Chunked bodies without a length are cut off by {@code ctx.bodyAsBytes()} at the same limit
 * (Javalin's {@code http.maxRequestSize}), which {@link dev.switchboard.web.Problems} maps to the same 413.
 */
public final class BodyLimit implements Handler {
    private final long maxBytes;

    public BodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void handle(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw ProblemException.tooLarge("request body is " + declared + " bytes; limits.max_body_bytes is " + maxBytes);
        }
    }
}
