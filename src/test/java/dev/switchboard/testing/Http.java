package dev.switchboard.testing;

import dev.switchboard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A JDK HttpClient bound to one server and one bearer token (or none). */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;

    public Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Http as(String otherToken) {
        return new Http(base, otherToken);
    }

    public String base() {
        return base;
    }

    public String token() {
        return token;
    }

    /** Percent-encodes a session key (or any value) for use as one path segment. */
    public static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Response delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    public Response post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    public Response patch(String path, Object body, String... headers) {
        return send("PATCH", path, body, headers);
    }

    public Response put(String path, Object body, String... headers) {
        return send("PUT", path, body, headers);
    }

    /**
     * Sends a request; {@code body} may be a String (sent as is) or any object (sent as JSON);
     * {@code headers} are name/value pairs.
     */
    public Response send(String method, String path, Object body, String... headers) {
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) b.header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : Json.write(body);
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        return send(b.build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
