package dev.switchboard.cli;

import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;

/**
 * The training run of the JVM's ahead-of-time cache (JDK 25, JEP 483/514): {@code ./switchboard serve} runs it once
 * per build under {@code -XX:AOTCacheOutput}, and every later start maps the classes it loaded and linked instead of
 * loading, parsing and verifying them again (a new server is ready in ≈ 0.8 s instead of ≈ 2 s on 2 cores).
 *
 * <p>It starts the server exactly as {@code serve} does (on a throw-away SQLite directory, port 0), then makes the
 * requests a new server answers first — readiness, sessions, appends, reads, heartbeats, an MCP handshake, an error —
 * so that their classes are in the cache too, and stops. Every answer is checked: a training run that quietly
 * exercised nothing would leave a cache that speeds up nothing.
 */
@Command(name = StartupTraining.NAME, hidden = true,
        description = "Start a server on a temporary directory, exercise it and stop (the AOT cache's training run).")
public final class StartupTraining implements Runnable {
    static final String NAME = "train-startup";
    /** Enough for every class the first requests load; the cache holds classes, not how often they ran. */
    private static final int ROUNDS = 3;

    @Override
    public void run() {
        long started = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("switchboard-training");
        } catch (IOException e) {
            throw new CliException("training: cannot create a temporary directory: " + e.getMessage(), ExitCodes.FAILED);
        }
        int requests;
        try (Switchboard server = Switchboard.start(ConfigLoader.defaults()
                .set("server.port", 0)
                .set("server.bind", "127.0.0.1")
                .set("data_dir", dir.toString())
                .load(), Clock.systemUTC())) {
            requests = exercise(URI.create("http://127.0.0.1:" + server.port()), server.createdAdminToken().orElseThrow());
        } finally {
            deleteTree(dir);
        }
        System.err.printf("switchboard: start-up training made %d requests in %d ms%n", requests,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static int exercise(URI base, String token) {
        var calls = new Calls(base, token);
        calls.expect(200, "GET", "/healthz", null);
        calls.expect(200, "GET", "/readyz", null);
        for (int i = 0; i < ROUNDS; i++) {
            String key = "training-" + i;
            calls.expect(201, "POST", "/v1/sessions", "{\"key\":\"" + key + "\",\"agent\":\"training\"}");
            calls.expect(201, "POST", "/v1/sessions/" + key + "/messages", "{\"role\":\"user\",\"content\":\"hello\"}");
            calls.expect(201, "POST", "/v1/sessions/" + key + "/messages",
                    "{\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"},{\"role\":\"user\",\"content\":\"again\"}]}");
            calls.expect(200, "POST", "/v1/sessions/" + key + "/heartbeat", "{}");
            calls.expect(200, "GET", "/v1/sessions/" + key + "/messages?limit=50", null);
            calls.expect(200, "GET", "/v1/sessions/" + key, null);
            calls.expect(200, "GET", "/v1/sessions/" + key + "/context", null);
        }
        calls.expect(200, "GET", "/v1/sessions?limit=10", null);
        calls.expect(404, "GET", "/v1/sessions/no-such-session", null);
        calls.expect(200, "POST", "/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
                "capabilities":{},"clientInfo":{"name":"switchboard-training","version":"1"}}}""");
        calls.expect(200, "GET", "/metrics", null);
        // Built on first use, not at start-up: cached here so that their first request is quick too.
        calls.expect(200, "GET", "/openapi.json", null);
        calls.expect(200, "GET", "/", null);
        return calls.count;
    }

    /** Sequential requests with the admin token; an unexpected status ends the training with the answer's body. */
    private static final class Calls {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final URI base;
        private final String token;
        int count;

        Calls(URI base, String token) {
            this.base = base;
            this.token = token;
        }

        void expect(int status, String method, String path, String json) {
            var request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json, text/event-stream")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) request.header("Content-Type", "application/json");
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new CliException("training: " + method + " " + path + " failed: " + e.getMessage(), ExitCodes.FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("training: interrupted", ExitCodes.FAILED);
            }
            count++;
            if (response.statusCode() != status) {
                throw new CliException("training: " + method + " " + path + " answered " + response.statusCode()
                        + " instead of " + status + ": " + response.body(), ExitCodes.FAILED);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
