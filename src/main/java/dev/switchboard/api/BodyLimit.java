package dev.switchboard.api;

import dev.switchboard.problem.ProblemException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Rejects a request whose declared Content-Length exceeds {@code limits.max_body_bytes} before a byte of
 * it is read. Chunked bodies without a length are cut off by {@code ctx.bodyAsBytes()} at the same limit
 * (Javalin's {@code http.maxRequestSize}), which {@link Problems} maps to the same 413.
 */
public final class BodyLimit implements Handler {
    /**
     * How much of a refused body is read and thrown away so the client, still uploading, gets to read
     * the 413: closing a socket with unread data makes the kernel send RST, and most clients then report
     * "connection reset" instead of the answer. Beyond this the connection is just closed.
     */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

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

    /** Reads and discards what is left of a refused request body (up to {@link #DRAIN_LIMIT}); see there why. */
    static void discardRest(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > DRAIN_LIMIT) return;
        try {
            var in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            for (int n; read < DRAIN_LIMIT && (n = in.read(buffer)) > 0; ) read += n;
        } catch (java.io.IOException | IllegalStateException e) {
            // the client went away or the stream is already consumed: nothing left to protect
        }
    }
}
