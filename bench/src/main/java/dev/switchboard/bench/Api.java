package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The load generator's HTTP side: JDK {@link HttpClient} over HTTP/1.1 with keep-alive, called from virtual
 * threads. One client instance multiplexes all its connections through a single selector thread, which
 * becomes the generator's bottleneck long before the server's, so the harness spreads its simulated clients
 * over several instances ({@link #CLIENTS_PER_INSTANCE} each). Every simulated client keeps its connection
 * busy back to back, so each instance opens as many connections as clients share it.
 */
public final class Api implements AutoCloseable {
    static final int CLIENTS_PER_INSTANCE = 16;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final String auth;
    private final HttpClient[] clients;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public Api(String base, String token, int concurrency) {
        this.base = base;
        this.auth = "Bearer " + token;
        this.clients = new HttpClient[Math.max(1, (concurrency + CLIENTS_PER_INSTANCE - 1) / CLIENTS_PER_INSTANCE)];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
    }

    public HttpClient client(int clientIndex) {
        return clients[clientIndex % clients.length];
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).header("Authorization", auth);
    }

    public HttpResponse<String> get(int clientIndex, String path) {
        return send(clientIndex, request(path).GET().build());
    }

    public HttpResponse<String> post(int clientIndex, String path, String json) {
        return send(clientIndex, request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> send(int clientIndex, HttpRequest req) {
        try {
            return client(clientIndex).send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri().getPath() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Fails loudly when a set-up call (not a measured one) does not answer {@code expected}. */
    public static HttpResponse<String> expect(HttpResponse<String> r, int... expected) {
        for (int e : expected) if (r.statusCode() == e) return r;
        throw new IllegalStateException(r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode()
                + ": " + r.body());
    }

    @Override
    public void close() {
        for (HttpClient c : clients) c.shutdownNow();
        executor.shutdownNow();
    }
}
