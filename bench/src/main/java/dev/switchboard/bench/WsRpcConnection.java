package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One WebSocket with one call in flight: frames {@code {"id","method","params"}}, answers matched by id. */
final class WsRpcConnection implements WebSocket.Listener {
    private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private long nextId;

    static WsRpcConnection open(HttpClient http, ServerProcess server) {
        var c = new WsRpcConnection();
        URI uri = URI.create(server.url().replaceFirst("^http", "ws") + "/v1/ws");
        c.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + server.token())
                .buildAsync(uri, c).orTimeout(30, TimeUnit.SECONDS).join();
        return c;
    }

    String call(String method, String paramsJson) throws Exception {
        long id = ++nextId;
        var answer = new CompletableFuture<String>();
        pending.put(id, answer);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true)
                .get(30, TimeUnit.SECONDS);
        try {
            return answer.get(30, TimeUnit.SECONDS);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            var answer = pending.get(idOf(frame));
            if (answer != null) answer.complete(frame);
        }
        ws.request(1);
        return null;
    }

    /** The top-level {@code "id"} of an answer (its first {@code "id":}: the server writes it before the result). */
    private static long idOf(String frame) {
        int at = frame.indexOf("\"id\":");
        if (at < 0) return -1;
        long id = 0;
        for (int i = at + 5; i < frame.length() && Character.isDigit(frame.charAt(i)); i++) id = id * 10 + (frame.charAt(i) - '0');
        return id;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        pending.values().forEach(f -> f.completeExceptionally(error));
    }

    void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            socket.abort();
        }
    }
}
