package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Server-Sent Events client over the JDK HttpClient (HTTP/1.1, streaming the body line by line), as a
 * dashboard would use: parses {@code id:}/{@code event:}/{@code data:} fields into events, counts comments,
 * and notices when the server ends the stream.
 */
public final class SseClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One dispatched event. */
    public record Event(String id, String event, String data) {
        public long seq() {
            return Long.parseLong(id);
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }
    }

    private static final Event END = new Event(null, null, null);

    private final HttpResponse<InputStream> response;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private volatile boolean ended;
    private Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
    }

    /**
     * Connects to {@code url} (path and query included) with an optional bearer token and Last-Event-ID,
     * and starts reading at once when the stream opened (200); otherwise {@link #errorResponse} has the problem.
     */
    public static SseClient connect(String url, String bearer, String lastEventId) {
        SseClient c = connectPaused(url, bearer, lastEventId);
        if (c.status() == 200) c.startReading();
        return c;
    }

    /** Connects but reads nothing until {@link #startReading}: a consumer that has stalled. */
    public static SseClient connectPaused(String url, String bearer, String lastEventId) {
        var b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        try {
            return new SseClient(CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The whole body of a refused (non-200) stream. */
    public Response errorResponse() {
        try (InputStream in = response.body()) {
            return new Response(response.statusCode(), response.headers(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void startReading() {
        if (reader != null) return;
        reader = Thread.ofVirtual().name("sse-client").start(this::read);
    }

    private void read() {
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) events.add(new Event(id, type == null ? "message" : type, data.toString()));
                    type = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) value = value.substring(1);
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // closed by us, or the connection broke: either way the stream is over
        } finally {
            ended = true;
            events.add(END);
        }
    }

    /** The next event within {@code timeout}, or null when none came (or the stream ended). */
    public Event next(Duration timeout) {
        try {
            Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == END) {
                events.add(END); // stay ended for later calls
                return null;
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The next event, failing the test when none arrives within 10 s. */
    public Event next() {
        Event e = next(Duration.ofSeconds(10));
        if (e == null) throw new AssertionError(ended ? "the stream ended" : "no event within 10 s");
        return e;
    }

    /** True once the server has ended the stream (EOF) and every event before it has been taken. */
    public boolean ended() {
        return ended && (events.isEmpty() || events.peek() == END);
    }

    public int comments() {
        return comments.get();
    }

    /** Hangs up, as a browser tab closing would. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
