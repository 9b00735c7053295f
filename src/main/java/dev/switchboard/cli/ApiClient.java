package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A small blocking client for the REST API; problem responses become {@link CliException}s with their detail. */
final class ApiClient {
    private final String base;
    private final String token;
    /** Where the token came from (--token, SWITCHBOARD_TOKEN, a file), named when the server refuses it. */
    private final String tokenSource;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base, String token, String tokenSource) {
        this.base = base;
        this.token = token;
        this.tokenSource = tokenSource;
    }

    static String segment(String pathPart) {
        return URLEncoder.encode(pathPart, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(Map<String, Object> params) {
        var present = new LinkedHashMap<String, Object>();
        params.forEach((k, v) -> {
            if (v != null) present.put(k, v);
        });
        if (present.isEmpty()) return "";
        return "?" + present.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** A response body as text (NDJSON, logs), streamed to {@code out} as it arrives. */
    void download(String path, java.io.OutputStream out) {
        var request = HttpRequest.newBuilder(uri(path)).GET().header("Authorization", "Bearer " + token).build();
        HttpResponse<java.io.InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var in = response.body()) {
            if (response.statusCode() >= 400) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                throw problem(response.statusCode(), body, parse(body));
            }
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new CliException("download from " + base + " failed: " + e.getMessage(), ExitCodes.UNREACHABLE);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** A response whatever its status, for callers that act on problems themselves (the importer). */
    record Reply(int status, JsonNode json, String retryAfter) {
        String detail() {
            return json != null && json.hasNonNull("detail") ? json.get("detail").asText() : "HTTP " + status;
        }

        String problemType() {
            return json == null ? "" : json.path("type").asText("");
        }
    }

    /** Sends {@code method path} with a JSON body (or none); connection failures are still {@link CliException}s. */
    Reply request(String method, String path, Object body) {
        var b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(120));
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        HttpResponse<String> response = exchange(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            if (response.body() != null && !response.body().isBlank()) json = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            json = null; // a proxy's HTML error page: the status says enough
        }
        return new Reply(response.statusCode(), json, response.headers().firstValue("Retry-After").orElse(null));
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private JsonNode send(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + token).header("Accept", "application/json").timeout(Duration.ofSeconds(30));
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        JsonNode json = null;
        if (body != null && !body.isBlank()) {
            try {
                json = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                if (response.statusCode() < 400) throw new CliException("server sent non-JSON: " + body, ExitCodes.FAILED);
            }
        }
        if (response.statusCode() >= 400) throw problem(response.statusCode(), body, json);
        return json;
    }

    /** One Server-Sent Event as received. */
    record ServerEvent(String id, String type, String data) {
        JsonNode json() {
            return Json.readStored(data);
        }
    }

    /** An open {@code text/event-stream}; {@link #next} blocks for the next event, null when the server ended it. */
    static final class EventStream implements AutoCloseable {
        private final Iterator<String> lines;
        private final Stream<String> stream;

        private EventStream(Stream<String> stream) {
            this.stream = stream;
            this.lines = stream.iterator();
        }

        ServerEvent next() {
            String id = null;
            String type = "message";
            StringBuilder data = null;
            try {
                while (lines.hasNext()) {
                    String line = lines.next();
                    if (line.isEmpty()) {
                        if (data != null) return new ServerEvent(id, type, data.toString());
                        type = "message";
                        continue;
                    }
                    if (line.startsWith(":")) continue; // keep-alive comment
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            } catch (UncheckedIOException e) {
                // the connection broke: same as the server ending the stream
            }
            return null;
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    /**
     * Opens an event stream; returns once the server has accepted it (its subscription is registered, so nothing
     * committed from now on can be missed). {@code lastEventId} resumes after that event.
     */
    EventStream events(String path, String lastEventId) {
        var request = HttpRequest.newBuilder(uri(path)).GET()
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
        HttpResponse<Stream<String>> response = exchange(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String body;
            try (var lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            JsonNode json = null;
            try {
                json = Json.MAPPER.readTree(body);
            } catch (IOException ignored) {
                // reported as text
            }
            throw problem(response.statusCode(), body, json);
        }
        return new EventStream(response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new CliException("cannot connect to " + base + " (is `switchboard serve` running? --url or "
                    + "SWITCHBOARD_URL says where it is)", ExitCodes.UNREACHABLE);
        } catch (IOException e) {
            throw new CliException("request to " + base + " failed: " + e.getMessage(), ExitCodes.UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", ExitCodes.INTERRUPTED);
        }
    }

    private CliException problem(int status, String body, JsonNode json) {
        String detail = json != null && json.hasNonNull("detail") ? json.get("detail").asText() : body;
        var msg = new StringBuilder(status + " " + (json != null ? json.path("title").asText("") : "") + ": " + detail);
        if (json != null && json.has("errors")) {
            for (JsonNode e : json.get("errors")) msg.append("\n  ").append(e.path("field").asText()).append(": ").append(e.path("message").asText());
        }
        if (status == 401) {
            msg.append("\n  (the token came from ").append(tokenSource).append("; pass --token, set SWITCHBOARD_TOKEN, ")
                    .append("or --data <the server's data directory> to use its admin.token)");
        }
        return new CliException(msg.toString(), ExitCodes.FAILED, json != null && json.isObject() ? json : null);
    }
}
