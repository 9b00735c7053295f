package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and session updates at scale, on data seeded straight into SQLite: the last 50 messages of a
 * 10 000- and a 1 000 000-message session, a page of a 100 000-session list (the first page, and every
 * page by cursor), heartbeats over 10 000 of those sessions, and the server's heap with all of it loaded
 * compared with an empty store ("memory per idle session: constant").
 */
final class ReadScenario implements Scenario {
    static final String GROUP = "reads";
    static final String BIG = "bench:t:big";
    static final String SMALL = "bench:t:small";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public List<Row> run(Context ctx) throws Exception {
        Scale scale = ctx.scale();
        var rows = new ArrayList<Row>();
        Path data = ctx.freshDataDir(GROUP);
        long heapEmpty;
        long rssEmpty;
        try (ServerProcess server = ctx.startServer(GROUP, data, List.of())) { // migrates the new file
            heapEmpty = server.heapAfterGc();
            rssEmpty = server.rssBytes();
        }
        long t0 = System.nanoTime();
        ctx.log("seeding %d sessions, a %d-message and a %d-message transcript", scale.seedSessions(),
                scale.seedMessages(), scale.smallTranscript());
        Seeder.sessions(ctx.store().seedConnection(GROUP, data), scale.seedSessions());
        Seeder.transcript(ctx.store().seedConnection(GROUP, data), BIG, scale.seedMessages());
        Seeder.transcript(ctx.store().seedConnection(GROUP, data), SMALL, scale.smallTranscript());
        ctx.log("seeded in %.1f s", (System.nanoTime() - t0) / 1e9);
        int totalSessions = scale.seedSessions() + 2;

        try (ServerProcess server = ctx.startServer(GROUP, data, List.of());
             Api api = new Api(server.url(), server.token(), 64)) {
            rows.add(Row.value("start.seeded", ColdStartScenario.GROUP,
                    "start to /readyz, existing DB (%,d sessions, %,d messages)".formatted(totalSessions,
                            scale.seedMessages() + scale.smallTranscript()),
                    server.startup().toNanos() / 1e6, "ms", "one start", java.util.Map.of()));
            checkLast50(api, BIG, scale.seedMessages());
            // The seeded messages bypassed the server, so its full-text indexer starts on them now; a search
            // makes it finish first (it indexes everything before searching), so the read windows below
            // measure reads, not a writer busy with a million-message backlog.
            long indexing = System.nanoTime();
            api.get(0, "/v1/search?q=seeded&limit=1");
            ctx.log("indexed the seeded messages for search in %.1f s", (System.nanoTime() - indexing) / 1e9);
            // One unrecorded round first: the first window otherwise measures the server's JIT warming up
            // (p99 several ms), not reads; every later window already runs on compiled code.
            read(ctx, server, api, "read.warmup", "warm-up (not reported)", 16,
                    "/v1/sessions/" + SMALL + "/messages?order=desc&limit=50");
            McpReads mcp = McpReads.open(api);
            mcpRead(ctx, server, mcp, "read.mcp.warmup", "MCP warm-up (not reported)", 16);
            for (int clients : List.of(1, 16)) {
                rows.add(read(ctx, server, api, "read.last50.%d.c%d".formatted(scale.smallTranscript(), clients),
                        "last 50 of %,d messages, %d client%s".formatted(scale.smallTranscript(), clients, clients == 1 ? "" : "s"),
                        clients, "/v1/sessions/" + SMALL + "/messages?order=desc&limit=50"));
                rows.add(read(ctx, server, api, "read.last50.%d.c%d".formatted(scale.seedMessages(), clients),
                        "last 50 of %,d messages, %d client%s".formatted(scale.seedMessages(), clients, clients == 1 ? "" : "s"),
                        clients, "/v1/sessions/" + BIG + "/messages?order=desc&limit=50"));
                rows.add(mcpRead(ctx, server, mcp, "read.mcp.last50.%d.c%d".formatted(scale.smallTranscript(), clients),
                        "MCP read_transcript, last 50 of %,d messages, %d client%s".formatted(scale.smallTranscript(),
                                clients, clients == 1 ? "" : "s"), clients));
                rows.add(read(ctx, server, api, "read.sessions.first.%d.c%d".formatted(totalSessions, clients),
                        "list first page (50) of %,d sessions, %d client%s".formatted(totalSessions, clients, clients == 1 ? "" : "s"),
                        clients, "/v1/sessions?limit=50"));
            }
            // Heap with only a handful of sessions touched, then after every session was listed and 10 000 were
            // heartbeated: a server that kept anything per session would grow by the difference.
            long heapFew = server.heapAfterGc();
            rows.add(walkAllPages(ctx, server, api, totalSessions));
            rows.add(heartbeats(ctx, server, api));
            rows.add(batchHeartbeats(ctx, server, api));
            long heapAll = server.heapAfterGc();
            long rssLoaded = server.rssBytes();
            double perSession = (heapAll - heapFew) / (double) totalSessions;
            var extra = new LinkedHashMap<String, Object>();
            extra.put("heap_empty_store_mib", Window.round(heapEmpty / 1048576.0));
            extra.put("heap_few_touched_mib", Window.round(heapFew / 1048576.0));
            extra.put("heap_all_touched_mib", Window.round(heapAll / 1048576.0));
            extra.put("rss_empty_store_mib", Window.round(rssEmpty / 1048576.0));
            extra.put("rss_all_touched_mib", Window.round(rssLoaded / 1048576.0));
            rows.add(Row.value("memory.per_session", GROUP,
                    "heap growth per session after GC, %,d sessions touched".formatted(totalSessions), perSession,
                    "B/session", ("heap after GC %.1f MiB (few sessions touched) → %.1f MiB (all listed, %,d heartbeated); "
                            + "empty store %.1f MiB; RSS %.0f → %.0f MiB").formatted(heapFew / 1048576.0,
                            heapAll / 1048576.0, scale.heartbeatSessions(), heapEmpty / 1048576.0,
                            rssEmpty / 1048576.0, rssLoaded / 1048576.0), extra));
            // After the heap row, which its 64 connections would otherwise weigh on.
            rows.add(wsHeartbeats(ctx, server));
        }
        if (ctx.profile()) profileHeartbeats(ctx, data);
        return rows;
    }

    private static void checkLast50(Api api, String key, int messages) throws Exception {
        JsonNode page = JSON.readTree(Api.expect(api.get(0, "/v1/sessions/" + key + "/messages?order=desc&limit=50"), 200).body());
        JsonNode items = page.path("items");
        if (items.size() != 50 || items.get(0).path("seq").asLong() != messages) {
            throw new IllegalStateException("seeded transcript " + key + " reads back wrong: " + page.toString().substring(0, 300));
        }
    }

    private static Row read(Context ctx, ServerProcess server, Api api, String id, String name, int clients, String path) {
        ctx.log("%s", name);
        LoadRunner.Result r = LoadRunner.run(clients, ctx.scale().warmup(), ctx.scale().measure(), server,
                (c, i) -> api.get(c, path).statusCode() == 200);
        return row(id, name, r, "req/s", "");
    }

    /** The same read as {@code GET …/messages?order=desc&limit=50}, as the MCP tool call an agent makes. */
    private static Row mcpRead(Context ctx, ServerProcess server, McpReads mcp, String id, String name, int clients) {
        ctx.log("%s", name);
        String args = "{\"key\":\"" + SMALL + "\",\"order\":\"desc\",\"limit\":50}";
        LoadRunner.Result r = LoadRunner.run(clients, ctx.scale().warmup(), ctx.scale().measure(), server,
                (c, i) -> mcp.call(c, i, "read_transcript", args));
        return row(id, name, r, "req/s", "tools/call over POST /mcp (SSE answer), next to the REST row above");
    }

    static Row row(String id, String name, LoadRunner.Result r, String unit, String note) {
        var extra = new LinkedHashMap<String, Object>(r.figures().values());
        if (r.firstError() != null) extra.put("first_error", r.firstError());
        return Row.latency(id, GROUP, name, r.perSecond(), unit, r.latencies(), r.errors(), note, extra);
    }

    /** One client follows {@code next_cursor} through the whole list: every page, shallow or deep, is timed. */
    private static Row walkAllPages(Context ctx, ServerProcess server, Api api, int totalSessions) throws Exception {
        String name = "list every page (50) of %,d sessions by cursor, 1 client".formatted(totalSessions);
        ctx.log("%s", name);
        var lat = new Latencies();
        long items = 0;
        String cursor = null;
        Window w = Window.open(server);
        long t0 = System.nanoTime();
        do {
            String path = "/v1/sessions?limit=50" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            long s = System.nanoTime();
            var resp = Api.expect(api.get(0, path), 200);
            lat.add(System.nanoTime() - s);
            JsonNode page = JSON.readTree(resp.body());
            items += page.path("items").size();
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long missing = totalSessions - items;
        var extra = new LinkedHashMap<String, Object>(w.close().values());
        extra.put("items", items);
        return Row.latency("read.sessions.walk.%d".formatted(totalSessions), GROUP, name, lat.count() / seconds,
                "pages/s", lat.summary(), Math.abs(missing),
                missing == 0 ? "all %,d sessions listed exactly once".formatted(items) : "listed %,d of %,d".formatted(items, totalSessions),
                extra);
    }

    private static Row heartbeats(Context ctx, ServerProcess server, Api api) {
        return heartbeats(ctx, server, api, ctx.scale().measure());
    }

    private static Row heartbeats(Context ctx, ServerProcess server, Api api, Duration measure) {
        Scale scale = ctx.scale();
        int n = Math.min(scale.heartbeatSessions(), scale.seedSessions());
        String name = "heartbeats, %d clients over %,d sessions".formatted(scale.heartbeatClients(), n);
        ctx.log("%s", name);
        var paths = new String[n];
        for (int i = 0; i < n; i++) paths[i] = "/v1/sessions/" + Seeder.sessionKey(i) + "/heartbeat";
        LoadRunner.Result r = LoadRunner.run(scale.heartbeatClients(), scale.warmup(), measure, server,
                (c, i) -> api.post(c, paths[ThreadLocalRandom.current().nextInt(n)], "{}").statusCode() == 200);
        return row("heartbeat.c%d.%d".formatted(scale.heartbeatClients(), n), name, r, "req/s", "random session per request");
    }

    /** Beats per batch in the batch heartbeat row: a gateway beating its chats every few seconds. */
    static final int BEATS_PER_BATCH = 50;

    /**
     * Heartbeats as a gateway sends them for the chats it keeps alive: {@code POST /v1/sessions/heartbeat} with
     * {@value #BEATS_PER_BATCH} consecutive sessions from a random offset (so concurrent batches sometimes share one,
     * which then takes the full path); every beat is still durable before the answer. Counted in beats.
     */
    private static Row batchHeartbeats(Context ctx, ServerProcess server, Api api) {
        Scale scale = ctx.scale();
        int n = Math.min(scale.heartbeatSessions(), scale.seedSessions());
        int clients = scale.heartbeatClients();
        String name = "heartbeats in batches of %d, %d clients over %,d sessions".formatted(BEATS_PER_BATCH, clients, n);
        ctx.log("%s", name);
        var beats = new String[n];
        for (int i = 0; i < n; i++) beats[i] = "{\"key\":\"" + Seeder.sessionKey(i) + "\"}";
        LoadRunner.Result r = LoadRunner.run(clients, scale.warmup(), scale.measure(), server, (c, i) -> {
            int from = ThreadLocalRandom.current().nextInt(n);
            var body = new StringBuilder(BEATS_PER_BATCH * 40).append("{\"beats\":[");
            for (int b = 0; b < BEATS_PER_BATCH; b++) body.append(b == 0 ? "" : ",").append(beats[(from + b) % n]);
            var resp = api.post(c, "/v1/sessions/heartbeat", body.append("]}").toString());
            return resp.statusCode() == 200 && !resp.body().contains("\"missing\"");
        });
        var extra = new LinkedHashMap<String, Object>();
        extra.put("requests_per_s", Window.round(r.perSecond()));
        extra.putAll(r.figures().values());
        if (r.firstError() != null) extra.put("first_error", r.firstError());
        return Row.latency("heartbeat.c%d.%d.batch%d".formatted(clients, n, BEATS_PER_BATCH), GROUP, name,
                r.perSecond() * BEATS_PER_BATCH, "beats/s", r.latencies(), r.errors(),
                "latency per request (" + BEATS_PER_BATCH + " beats, one commit)", extra);
    }

    /**
     * The heartbeat row over the WebSocket RPC ({@code sessions.heartbeat}, one connection per client, one call in
     * flight on each): the same service and write, without an HTTP request per beat.
     */
    private static Row wsHeartbeats(Context ctx, ServerProcess server) throws Exception {
        Scale scale = ctx.scale();
        int n = Math.min(scale.heartbeatSessions(), scale.seedSessions());
        int clients = scale.heartbeatClients();
        String name = "heartbeats over WebSocket RPC, %d clients over %,d sessions".formatted(clients, n);
        ctx.log("%s", name);
        var params = new String[n];
        for (int i = 0; i < n; i++) params[i] = "{\"key\":\"" + Seeder.sessionKey(i) + "\"}";
        var http = HttpClient.newHttpClient();
        var connections = new ArrayList<WsRpcConnection>();
        try {
            for (int c = 0; c < clients; c++) connections.add(WsRpcConnection.open(http, server));
            LoadRunner.Result r = LoadRunner.run(clients, scale.warmup(), scale.measure(), server, (c, i) ->
                    connections.get(c).call("sessions.heartbeat", params[ThreadLocalRandom.current().nextInt(n)])
                            .contains("\"result\""));
            return row("heartbeat.c%d.%d.ws".formatted(clients, n), name, r, "req/s",
                    "random session per call, one connection per client");
        } finally {
            for (WsRpcConnection c : connections) c.close();
        }
    }

    private void profileHeartbeats(Context ctx, Path data) throws Exception {
        Path jfr = ctx.results().resolve(ctx.stamp() + "-heartbeat.jfr");
        ctx.log("profiling: heartbeats under JFR -> %s", jfr);
        try (ServerProcess server = ctx.startServer(GROUP + "-profile", data, Context.flightRecording(jfr));
             Api api = new Api(server.url(), server.token(), 64)) {
            heartbeats(ctx, server, api, ctx.scale().measure().multipliedBy(2));
        }
        JfrSummary.write(jfr, ctx.results().resolve(ctx.stamp() + "-profile-heartbeat.txt"));
    }
}
