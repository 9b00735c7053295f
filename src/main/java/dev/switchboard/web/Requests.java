package dev.switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Caller;
import dev.switchboard.limits.Limits;
import dev.switchboard.problem.ProblemException;
import dev.switchboard.problem.ProblemType;
import io.javalin.config.Key;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/** Transport helpers every routes class uses: the caller, the JSON body, ETags. */
public final class Requests {
    /** The server's {@link Limits}, as Javalin app data: every body is read through them. */
    public static final Key<Limits> LIMITS = new Key<>("switchboard.limits");
    private static final String CALLER = "switchboard.caller";
    private static final Pattern ETAG = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

    private Requests() {}

    /** Records the authenticated caller of a request (or a WebSocket upgrade); the authentication handler calls it. */
    public static void setCaller(Context ctx, Caller caller) {
        ctx.attribute(CALLER, caller);
    }

    /** The authenticated caller; the authentication handler has set it before any /v1 handler runs. */
    public static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        if (c == null) throw new ProblemException(ProblemType.UNAUTHORIZED, "missing bearer token");
        return c;
    }

    /** The caller of a WebSocket: authentication ran on its upgrade request ({@code wsBeforeUpgrade}). */
    public static Caller caller(io.javalin.websocket.WsContext ctx) {
        Caller c = ctx.attribute(CALLER);
        if (c == null) throw new ProblemException(ProblemType.UNAUTHORIZED, "missing bearer token");
        return c;
    }

    /**
     * The request body as JSON, or {@code null} when there is none, read through the server's {@link Limits}:
     * malformed JSON is a 400, too deep or unstorable text a 422, too large a 413. The Content-Type is not checked:
     * {@code curl -d} sends JSON labelled as a form, and refusing that would help nobody; what matters is that the
     * bytes are JSON. A body the client breaks off (or frames badly) fails the read; {@link Problems} makes it a 400.
     */
    public static JsonNode json(Context ctx) {
        return ctx.appData(LIMITS).readJson(ctx.bodyAsBytes());
    }

    /** The {@code {key}} path parameter (Javalin has URL-decoded it). */
    public static String key(Context ctx) {
        return ctx.pathParam("key");
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header requires, or {@code null} when absent or {@code *}.
     * An unparseable tag can never match, so it is a 412, as RFC 9110 says for a failed precondition.
     */
    public static Long ifMatch(Context ctx) {
        return ifMatch(ctx.header("If-Match"));
    }

    /** {@link #ifMatch(Context)} of a header value (also WebSocket's {@code if_match} given as a string). */
    public static Long ifMatch(String h) {
        if (h == null || h.isBlank() || h.trim().equals("*")) return null;
        var m = ETAG.matcher(h);
        if (!m.matches()) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, "If-Match must be an ETag returned by this API, e.g. \"3\"");
        }
        return Long.parseLong(m.group(1));
    }
}
