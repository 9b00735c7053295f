package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The HTTP row "append single, 64 clients, 100 sessions" over the WebSocket RPC instead ({@code messages.append} on
 * {@code /v1/ws}, one connection per client, one call in flight on each): the same durable write, acknowledged the
 * same way, without a request's HTTP parsing, routing, headers and response. What the two rows differ by is what HTTP
 * costs per append on these cores — the measure of how far a lighter transport could move the write targets.
 */
final class WsAppends {
    private WsAppends() {}

    static Row measure(Context ctx, ServerProcess server, List<String> keys, AtomicLongArray acked, int clients)
            throws Exception {
        int spread = keys.size() - 1;
        String name = "append single over WebSocket RPC, %d clients, %d sessions".formatted(clients, spread);
        ctx.log("%s", name);
        String message = Payloads.SINGLE.substring(1); // {"role":...,"content":...} without its opening brace
        var http = HttpClient.newHttpClient();
        var connections = new ArrayList<Connection>();
        try {
            for (int c = 0; c < clients; c++) connections.add(Connection.open(http, server, c));
            LoadRunner.Result r = LoadRunner.run(clients, ctx.scale().warmup(), ctx.scale().measure(), server, (c, i) -> {
                int s = (int) ((c * 31L + i) % spread);
                String params = "{\"key\":\"" + keys.get(s) + "\"," + message;
                String reply = connections.get(c).call("messages.append", params);
                if (!reply.contains("\"result\"")) return false;
                acked.addAndGet(s, 1);
                return true;
            });
            var extra = new LinkedHashMap<String, Object>();
            extra.putAll(r.figures().values());
            if (r.firstError() != null) extra.put("first_error", r.firstError());
            return Row.latency("append.single.c%d.spread.ws".formatted(clients), AppendScenario.GROUP, name,
                    r.perSecond(), "msg/s", r.latencies(), r.errors(), "latency per call (1 msg)", extra);
        } finally {
            for (Connection c : connections) c.close();
        }
    }

    /** One WebSocket with one call in flight: frames {@code {"id","method","params"}}, answers matched by id. */
    private static final class Connection implements WebSocket.Listener {
        private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        private long nextId;

        static Connection open(HttpClient http, ServerProcess server, int index) {
            var c = new Connection();
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
}
