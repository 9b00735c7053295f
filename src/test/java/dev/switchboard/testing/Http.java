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
    /**
     * HTTP/1.1 only (HTTP/2's h2c upgrade would put a second Connection header beside ours), for clients that send
     * {@code Connection: close}: every request then opens a connection of its own, which a balancer can send anywhere.
     */
    private static final HttpClient CLOSING = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;
    private final boolean connectionPerRequest;

    public Http(String base, String token) {
        this(base, token, false);
    }

    private Http(String base, String token, boolean connectionPerRequest) {
        this.base = base;
        this.token = token;
        this.connectionPerRequest = connectionPerRequest;
    }

    /**
     * A client that opens a new connection for every request ({@code Connection: close}), so that a round-robin
     * balancer spreads its requests over every node. Needs {@code -Djdk.httpclient.allowRestrictedHeaders=connection}.
     */
    public static Http connectionPerRequest(String base, String token) {
        return new Http(base, token, true);
    }

    public Http as(String otherToken) {
        return new Http(base, otherToken, connectionPerRequest);
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
        if (connectionPerRequest) b.header("Connection", "close");
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
            HttpResponse<String> r = (connectionPerRequest ? CLOSING : CLIENT).send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
