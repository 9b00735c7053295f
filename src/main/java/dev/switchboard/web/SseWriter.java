package dev.switchboard.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@code text/event-stream} response (WHATWG HTML "Server-sent events") straight to the servlet
 * output stream, from the request's own (virtual) thread.
 *
 * <p>Why not Javalin's {@code SseClient}: it returns the request thread at once and sends from elsewhere,
 * fire-and-forget, so a slow reader is invisible until memory fills. Writing from the request thread with
 * blocking writes makes TCP back-pressure reach the stream's bounded buffer, which then overflows and closes
 * the subscriber with a resumable position; and the stream's lifetime is one lexical scope (try-with-resources
 * releases everything on every path).
 */
public final class SseWriter {
    private final OutputStream out;

    private SseWriter(OutputStream out) {
        this.out = out;
    }

    /** Starts a 200 event stream on {@code ctx} and sends the headers at once, so clients see the stream open. */
    public static SseWriter start(Context ctx) throws IOException {
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache, no-store");
        // nginx buffers responses by default, which would hold events back until its buffer fills.
        res.setHeader("X-Accel-Buffering", "no");
        // Events are flushed as they come, so a large aggregation buffer would only cost memory per idle stream.
        res.setBufferSize(8 * 1024);
        var writer = new SseWriter(res.getOutputStream());
        writer.comment("switchboard event stream");
        writer.flush();
        return writer;
    }

    /** One event; {@code data} spanning several lines is sent as several {@code data:} lines, as the format requires. */
    public void event(long id, String type, String data) throws IOException {
        var sb = new StringBuilder(data.length() + 64);
        sb.append("id: ").append(id).append('\n');
        sb.append("event: ").append(type).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) sb.append("data: ").append(line).append('\n');
        sb.append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A comment line: ignored by clients, keeps proxies from timing the connection out. */
    public void comment(String text) throws IOException {
        out.write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    public void flush() throws IOException {
        out.flush();
    }
}
