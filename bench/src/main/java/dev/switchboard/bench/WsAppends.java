package dev.switchboard.bench;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        var connections = new ArrayList<WsRpcConnection>();
        try {
            for (int c = 0; c < clients; c++) connections.add(WsRpcConnection.open(http, server));
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
            for (WsRpcConnection c : connections) c.close();
        }
    }
}
