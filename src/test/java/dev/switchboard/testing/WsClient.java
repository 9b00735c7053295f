package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real WebSocket client (JDK {@code java.net.http.WebSocket}) speaking the {@code /v1/ws} frames:
 * {@link #call} sends {@code {"id", "method", "params"}} and waits for the frame with that id; pushed event
 * frames are queued for {@link #nextEvent}.
 */
public final class WsClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How the server closed the socket. */
    public record Close(int status, String reason) {}

    /** Reads frames nested deeper than Jackson's default 1000 levels, so a test can see what the server sent. */
    private static final com.fasterxml.jackson.databind.ObjectReader LENIENT = Json.MAPPER.reader().with(
            com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(
                    com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(5_000).build()).build());

    private final LinkedBlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private WebSocket socket;

    private WsClient() {}

    /**
     * Connects to {@code /v1/ws} of {@code httpBase}, with a bearer header or, when {@code accessToken} is set,
     * the query parameter. Fails with the HTTP status when the upgrade is refused.
     */
    public static WsClient connect(String httpBase, String bearer, String accessToken) {
        var client = new WsClient();
        String url = httpBase.replaceFirst("^http", "ws") + "/v1/ws" + (accessToken != null ? "?access_token=" + accessToken : "");
        var builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (bearer != null) builder.header("Authorization", "Bearer " + bearer);
        try {
            client.socket = builder.buildAsync(URI.create(url), client.new Listener()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new UpgradeRefused(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    /** The upgrade was answered with an HTTP error instead of 101. */
    public static final class UpgradeRefused extends RuntimeException {
        UpgradeRefused(Throwable cause) {
            super(cause.getMessage(), cause);
        }

        public int status() {
            return getCause() instanceof java.net.http.WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = LENIENT.readTree(partial.toString());
                    (frame.has("event") ? events : replies).add(frame);
                } catch (IOException e) {
                    replies.add(Json.object().put("unparseable", partial.toString()));
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(new Close(-1, String.valueOf(error)));
        }
    }

    /** Sends one raw text frame. */
    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends a binary frame (the server answers with an error frame). */
    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Calls {@code method} and returns the whole reply frame ({@code result} or {@code error}). */
    public JsonNode call(String method, Object params) {
        long id = ids.incrementAndGet();
        ObjectNode frame = Json.object().put("id", id).put("method", method);
        if (params != null) frame.set("params", Json.tree(params));
        sendRaw(Json.write(frame));
        return reply(id);
    }

    /** The reply frame with this id (frames of other ids are kept, in order, for their own callers). */
    public JsonNode reply(long id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        var others = new java.util.ArrayList<JsonNode>();
        try {
            while (true) {
                JsonNode next = nextReply(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (next == null) throw new AssertionError("no reply to request " + id + " within 10 s; others: " + others);
                if (next.path("id").asLong(-1) == id) return next;
                others.add(next);
            }
        } finally {
            // Put back behind what arrived meanwhile would reorder them; they go first instead.
            var rest = new java.util.ArrayList<JsonNode>();
            replies.drainTo(rest);
            replies.addAll(others);
            replies.addAll(rest);
        }
    }

    /** The next reply frame in arrival order, or null within the timeout. */
    public JsonNode nextReply(Duration timeout) {
        try {
            return replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The result of a call that must succeed. */
    public JsonNode result(String method, Object params) {
        JsonNode reply = call(method, params);
        if (!reply.has("result")) throw new AssertionError(method + " failed: " + reply);
        return reply.get("result");
    }

    /** The next pushed event frame, or null within the timeout. */
    public JsonNode nextEvent(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How the server closed the socket, waiting up to {@code timeout}; null when it is still open. */
    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | CompletionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the server is gone already
            }
        }
        socket.abort();
    }
}
