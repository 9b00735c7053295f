package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A small blocking client for the REST API; problem responses become {@link CliException}s with their detail. */
final class ApiClient {
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
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

    /**
     * Opens a Server-Sent Events stream (e.g. {@code /v1/events?…}) and returns its lines as they arrive, or
     * empty when the server has no such endpoint (404/405), so callers can fall back to polling.
     */
    java.util.Optional<java.util.stream.Stream<String>> eventStream(String path) {
        var request = HttpRequest.newBuilder(uri(path)).GET()
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<java.util.stream.Stream<String>> r = exchange(request, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() >= 400) {
            r.body().close();
            if (r.statusCode() == 404 || r.statusCode() == 405) return java.util.Optional.empty();
            throw new CliException("event stream answered " + r.statusCode(), 1);
        }
        return java.util.Optional.of(r.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new CliException("cannot connect to " + base + " (is `switchboard serve` running?)", 3);
        } catch (IOException e) {
            throw new CliException("request to " + base + " failed: " + e.getMessage(), 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        }
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
                if (response.statusCode() < 400) throw new CliException("server sent non-JSON: " + body, 1);
            }
        }
        if (response.statusCode() >= 400) {
            String detail = json != null && json.hasNonNull("detail") ? json.get("detail").asText() : body;
            var msg = new StringBuilder(response.statusCode() + " " + (json != null ? json.path("title").asText("") : "") + ": " + detail);
            if (json != null && json.has("errors")) {
                for (JsonNode e : json.get("errors")) msg.append("\n  ").append(e.path("field").asText()).append(": ").append(e.path("message").asText());
            }
            throw new CliException(msg.toString(), 1);
        }
        return json;
    }
}
