package dev.switchboard.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import dev.switchboard.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sends one fuzz case and judges the answer: never a 5xx, and every error a problem+json whose {@code type} is one
 * of {@link ProblemType}'s slugs and whose {@code status} is the HTTP status. Streams (SSE) are judged by their
 * status and headers, then dropped.
 */
final class Probe {
    private static final Set<String> SLUGS = Arrays.stream(ProblemType.values()).map(ProblemType::uri)
            .collect(Collectors.toUnmodifiableSet());
    private static final int MAX_REPORTED = 60;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    /** The first wrong answer of each kind (operation, status, what was wrong), so one bug is one line. */
    private final java.util.Map<String, String> failures = new java.util.LinkedHashMap<>();
    private int sent;
    private int failed;

    Probe(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * Sends {@code method rawPathAndQuery} with {@code body} (null: none) for the documented {@code operation};
     * records a failure if the answer is wrong.
     */
    void send(String operation, String method, String rawPathAndQuery, byte[] body) {
        sent++;
        String what = method + " " + abbreviate(rawPathAndQuery) + (body == null ? "" : " " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException notAUri) {
            sent--; // the JDK client refuses to send it; the raw-socket tests cover such requests
            return;
        }
        String verdict = exchange(request);
        if (verdict != null) fail(operation, what, verdict);
    }

    /** Sends and judges; null when the answer is right, else what is wrong with it. */
    private String exchange(HttpRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    String type = r.headers().firstValue("Content-Type").orElse("");
                    String text = type.startsWith("text/event-stream") ? "" : new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
                    return judge(r.statusCode(), type, text);
                }
            } catch (IOException e) {
                // A pooled connection the server closed after the previous answer: the JDK client reports it once.
                if (attempt == 1) continue;
                return "no answer: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String judge(int status, String contentType, String body) {
        if (status >= 500) return status + " " + abbreviate(body);
        if (status < 400) return null;
        if (!contentType.startsWith("application/problem+json")) {
            return status + " with Content-Type " + contentType + ": " + abbreviate(body);
        }
        JsonNode problem;
        try {
            problem = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return status + " problem is not JSON: " + abbreviate(body);
        }
        if (!SLUGS.contains(problem.path("type").asText()) || problem.path("status").asInt() != status) {
            return status + " problem with unknown type or wrong status: " + abbreviate(body);
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.toLowerCase().contains("sqlite")) {
            return status + " problem leaks internals: " + abbreviate(body);
        }
        return null;
    }

    private void fail(String operation, String what, String why) {
        failed++;
        String kind = operation + " " + why.substring(0, Math.min(why.length(), 40));
        if (failures.size() < MAX_REPORTED) failures.putIfAbsent(kind, what + "\n      → " + why);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 120) + "…(" + oneLine.length() + " chars)";
    }

    int sent() {
        return sent;
    }

    int failed() {
        return failed;
    }

    List<String> failures() {
        return List.copyOf(failures.values());
    }
}
