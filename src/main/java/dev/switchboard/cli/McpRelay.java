package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Relays MCP's stdio transport (newline-delimited JSON-RPC) to Streamable HTTP and back.
 *
 * <ul>
 *   <li>Each message from stdin is POSTed to {@code /mcp}; the answer (JSON, or an SSE stream of messages) is written
 *       to stdout. Until the session exists (the {@code initialize} exchange) messages are sent one at a time; after
 *       that each goes on its own virtual thread, at most {@link #IN_FLIGHT} at once, so a long tool call (a
 *       {@code send_message} that waits) doesn't hold up the others.</li>
 *   <li>Once initialized, a GET on {@code /mcp} listens for what the server pushes (resource updates, pings) and
 *       writes it to stdout; it reconnects after a dropped connection.</li>
 *   <li>An HTTP failure of a request becomes a JSON-RPC error for its id (the client is never left waiting), with the
 *       server's problem detail; stdin's end deletes the MCP session and exits.</li>
 * </ul>
 */
final class McpRelay {
    static final int IN_FLIGHT = 16;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(6); // longer than the longest tool wait (300 s)
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    private static final String SESSION_HEADER = "Mcp-Session-Id";

    private final URI endpoint;
    private final String token;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private volatile String session;
    private volatile String protocolVersion;
    private volatile boolean stopping;
    private Thread listener;

    McpRelay(URI endpoint, String token, PrintStream out, PrintStream err) {
        this.endpoint = endpoint;
        this.token = token;
        this.out = out;
        this.err = err;
    }

    /** Relays until {@code stdin} ends. */
    void run(InputStream stdin) throws InterruptedException {
        try (var in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode message;
                try {
                    message = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    write(error(null, -32700, "not a JSON-RPC message: " + e.getMessage()));
                    continue;
                }
                if (session == null) {
                    post(message);
                } else {
                    inFlight.acquire();
                    Thread.ofVirtual().name("mcp-relay").start(() -> {
                        try {
                            post(message);
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            }
        } catch (IOException e) {
            err.println("switchboard mcp: stdin failed: " + e.getMessage());
        } finally {
            stop();
        }
    }

    private void post(JsonNode message) {
        var request = request().timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(message))).build();
        JsonNode id = message.get("id");
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> body = response.body()) {
                if (response.statusCode() >= 400) {
                    refused(id, response.statusCode(), String.join("\n", body.toList()));
                    return;
                }
                response.headers().firstValue(SESSION_HEADER).ifPresent(this::opened);
                boolean sse = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
                if (sse) ServerSentEvents.forEachData(body, this::relayed);
                else relayed(String.join("\n", body.toList()));
            }
        } catch (IOException e) {
            refused(id, 0, "cannot reach " + endpoint + " (" + e.getMessage() + "); is `switchboard serve` running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request() {
        var b = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + token);
        if (session != null) b.header(SESSION_HEADER, session);
        if (protocolVersion != null) b.header("MCP-Protocol-Version", protocolVersion);
        return b;
    }

    /** A message from the server: written as one line (and the negotiated version noted from initialize's answer). */
    private void relayed(String data) {
        if (data.isBlank()) return;
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(data);
        } catch (IOException e) {
            err.println("switchboard mcp: the server sent something that is not JSON: " + data);
            return;
        }
        JsonNode version = message.path("result").path("protocolVersion");
        if (version.isTextual() && message.path("result").has("serverInfo")) protocolVersion = version.asText();
        write(message);
    }

    private synchronized void opened(String id) {
        if (id.equals(session)) return;
        session = id;
        listener = Thread.ofVirtual().name("mcp-relay-listen").start(this::listen);
    }

    /** The server's pushes for the session, until stopped; reconnects after a dropped connection. */
    private void listen() {
        while (!stopping) {
            var request = request().header("Accept", "text/event-stream").GET().build();
            try {
                HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                try (Stream<String> body = response.body()) {
                    if (response.statusCode() == 405 || response.statusCode() == 404) return; // no stream for this session
                    if (response.statusCode() == 200) ServerSentEvents.forEachData(body, this::relayed);
                }
                if (!stopping) Thread.sleep(RECONNECT); // back off before reconnecting, not a synchronisation
            } catch (IOException e) {
                if (stopping) return;
                err.println("switchboard mcp: listening stream dropped (" + e.getMessage() + "); reconnecting");
                try {
                    Thread.sleep(RECONNECT);
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** An HTTP failure: a JSON-RPC error for a request (so the client stops waiting), a note on stderr for the rest. */
    private void refused(JsonNode id, int status, String body) {
        String detail = body;
        try {
            JsonNode problem = Json.MAPPER.readTree(body);
            if (problem.hasNonNull("detail")) detail = problem.path("type").asText("").replace("urn:switchboard:problem:", "")
                    + ": " + problem.get("detail").asText();
            else if (problem.path("error").hasNonNull("message")) detail = problem.path("error").path("message").asText();
        } catch (IOException | RuntimeException notJson) {
            // keep the body as it is
        }
        String message = (status == 0 ? "" : "HTTP " + status + " ") + detail;
        err.println("switchboard mcp: " + message);
        if (id != null && !id.isNull()) write(error(id, -32000, message));
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode e = Json.object();
        e.put("jsonrpc", "2.0");
        e.set("id", id);
        e.putObject("error").put("code", code).put("message", message);
        return e;
    }

    private synchronized void write(JsonNode message) {
        out.print(Json.write(message));
        out.print('\n');
        out.flush();
    }

    /** Waits (bounded) for requests in flight, deletes the session, stops listening. */
    private void stop() throws InterruptedException {
        if (inFlight.tryAcquire(IN_FLIGHT, DRAIN.toMillis(), TimeUnit.MILLISECONDS)) inFlight.release(IN_FLIGHT);
        stopping = true;
        if (session != null) {
            try {
                http.send(request().timeout(Duration.ofSeconds(5)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // the server is gone: so is the session
            }
        }
        Thread l = listener;
        if (l != null) l.interrupt();
    }
}
