package dev.switchboard.web;

import dev.switchboard.json.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response rendered to bytes before it is sent, so an idempotent request can store exactly what
 * the client received and replay it byte for byte.
 *
 * @param sessionKey the session the response is about, or null; never sent. {@link Idempotency} stores
 *     it with the response so a purge of the session erases the stored response too.
 */
public record Reply(int status, String body, Map<String, String> headers, String sessionKey) {
    public static final String JSON = "application/json";

    public Reply(int status, String body, Map<String, String> headers) {
        this(status, body, headers, null);
    }

    public static Reply json(int status, Object body) {
        return new Reply(status, Json.write(body), Map.of());
    }

    public static Reply noContent() {
        return new Reply(204, null, Map.of());
    }

    public Reply header(String name, String value) {
        var h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, body, Map.copyOf(h), sessionKey);
    }

    public Reply etag(long version) {
        return header("ETag", Requests.etag(version));
    }

    /** The same reply, marked as being about session {@code key} (null: about no session). */
    public Reply aboutSession(String key) {
        return new Reply(status, body, headers, key);
    }

    public void writeTo(Context ctx) {
        ctx.status(status);
        headers.forEach(ctx::header);
        if (body != null) ctx.contentType(JSON).result(body);
    }
}
