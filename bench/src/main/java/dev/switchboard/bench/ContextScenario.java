package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The context endpoint and compaction at scale (issue 10), on transcripts seeded straight into SQLite:
 * {@code GET /v1/sessions/{key}/context} of a 10 000- and a 1 000 000-message session (100 000 in quick mode), each
 * with a truncate checkpoint keeping the last 20 messages, and the cost of a truncate compaction of a 100 000-message
 * session (each one restored before the next, so every compaction covers the same 99 980 messages).
 *
 * <p>Seeded messages bypass the server's appends, which write each message's token estimate and running total;
 * the harness writes them in one statement per transcript (every seeded message has the same content, so the same
 * estimate), as the V7 migration does for older stores. The seeded messages are not made searchable (see
 * {@link #skipIndexing}).
 */
final class ContextScenario implements Scenario {
    static final String GROUP = "context";
    static final String BIG = "bench:c:big";
    static final String SMALL = "bench:c:small";
    static final String TRUNCATE = "bench:c:truncate";
    static final int TRUNCATE_MESSAGES = 100_000;
    static final int KEEP_LAST = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server's estimate for a seeded message: characters of its JSON content / 4, rounded up, + 4. */
    static final long TOKENS = (V1Rows.CONTENT_JSON.length() + 3) / 4 + 4;

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public List<Row> run(Context ctx) throws Exception {
        Scale scale = ctx.scale();
        Path data = ctx.freshDataDir(GROUP);
        try (ServerProcess ignored = ctx.startServer(GROUP, data, List.of())) {
            // migrates the new file
        }
        ctx.log("seeding a %d-, a %d- and a %d-message transcript", scale.smallTranscript(), scale.seedMessages(), TRUNCATE_MESSAGES);
        Seeder.transcript(ctx.store().seedConnection(GROUP, data), SMALL, scale.smallTranscript());
        Seeder.transcript(ctx.store().seedConnection(GROUP, data), BIG, scale.seedMessages());
        Seeder.transcript(ctx.store().seedConnection(GROUP, data), TRUNCATE, TRUNCATE_MESSAGES);
        try (Connection c = ctx.store().seedConnection(GROUP, data)) {
            estimates(c, List.of(SMALL, BIG, TRUNCATE));
            skipIndexing(c);
        }
        var rows = new ArrayList<Row>();
        try (ServerProcess server = ctx.startServer(GROUP, data, List.of());
             Api api = new Api(server.url(), server.token(), 16)) {
            for (String key : List.of(SMALL, BIG)) {
                Api.expect(api.post(0, "/v1/sessions/" + key + "/compact",
                        "{\"strategy\":\"truncate\",\"keep_last\":" + KEEP_LAST + "}"), 201);
            }
            check(api, BIG, scale.seedMessages());
            read(ctx, server, api, "context.warmup", "warm-up (not reported)", 16, SMALL);
            for (int clients : List.of(1, 16)) {
                rows.add(read(ctx, server, api, "context.%d.c%d".formatted(scale.smallTranscript(), clients),
                        contextName(scale.smallTranscript(), clients), clients, SMALL));
                rows.add(read(ctx, server, api, "context.%d.c%d".formatted(scale.seedMessages(), clients),
                        contextName(scale.seedMessages(), clients), clients, BIG));
            }
            rows.add(truncations(ctx, server, api, scale.quick() ? 30 : 300));
        }
        return rows;
    }

    private static String contextName(int messages, int clients) {
        return "context of %,d messages after a checkpoint (last %d kept), %d client%s".formatted(messages, KEEP_LAST,
                clients, clients == 1 ? "" : "s");
    }

    /** Token estimates and running totals of the seeded transcripts, as the server's appends would have written. */
    private static void estimates(Connection c, List<String> keys) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET tokens = ?, tokens_through = seq * ?"
                     + " WHERE instance_id = (SELECT instance_id FROM sessions WHERE key = ?)")) {
            for (String key : keys) {
                ps.setLong(1, TOKENS);
                ps.setLong(2, TOKENS);
                ps.setString(3, key);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    /**
     * Marks the seeded messages as indexed for full-text search: this scenario never searches, and indexing a million
     * seeded messages (minutes on this machine) would otherwise keep the writer busy through the measured windows.
     */
    private static void skipIndexing(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("UPDATE search_index SET indexed_mid = (SELECT max(mid) FROM messages)")) {
            ps.executeUpdate();
            c.commit();
        }
    }

    private static void check(Api api, String key, int messages) throws Exception {
        JsonNode ctx = JSON.readTree(Api.expect(api.get(0, "/v1/sessions/" + key + "/context"), 200).body());
        JsonNode items = ctx.path("messages");
        if (items.size() != KEEP_LAST || items.get(KEEP_LAST - 1).path("seq").asLong() != messages
                || ctx.path("tokens").path("messages").asLong() != KEEP_LAST * TOKENS) {
            throw new IllegalStateException("the context of " + key + " reads back wrong: " + ctx.toString().substring(0, 300));
        }
    }

    private static Row read(Context ctx, ServerProcess server, Api api, String id, String name, int clients, String key) {
        ctx.log("%s", name);
        String path = "/v1/sessions/" + key + "/context";
        LoadRunner.Result r = LoadRunner.run(clients, ctx.scale().warmup(), ctx.scale().measure(), server,
                (c, i) -> api.get(c, path).statusCode() == 200);
        var extra = new LinkedHashMap<String, Object>(r.figures().values());
        if (r.firstError() != null) extra.put("first_error", r.firstError());
        return Row.latency(id, GROUP, name, r.perSecond(), "req/s", r.latencies(), r.errors(), "switchboard format", extra);
    }

    /**
     * {@code times} truncate compactions of the 100 000-message session, one client, each timed from request to
     * response (loopback HTTP included), each followed by an untimed restore so the next covers the same messages.
     */
    private static Row truncations(Context ctx, ServerProcess server, Api api, int times) throws Exception {
        String name = "truncate compaction of a %,d-message session (covers %,d), 1 client".formatted(TRUNCATE_MESSAGES,
                TRUNCATE_MESSAGES - KEEP_LAST);
        ctx.log("%s", name);
        String path = "/v1/sessions/" + TRUNCATE;
        String body = "{\"strategy\":\"truncate\",\"keep_last\":" + KEEP_LAST + "}";
        var lat = new Latencies();
        Window w = null;
        long errors = 0;
        for (int i = 0; i < times + 20; i++) {
            if (i == 20) w = Window.open(server); // the first 20 warm the JIT up
            long s = System.nanoTime();
            var resp = api.post(0, path + "/compact", body);
            long took = System.nanoTime() - s;
            if (resp.statusCode() != 201) {
                errors++;
                continue;
            }
            if (i >= 20) lat.add(took);
            String id = JSON.readTree(resp.body()).path("id").asText();
            Api.expect(api.post(0, path + "/checkpoints/" + id + "/restore", "{}"), 200);
        }
        var summary = lat.summary();
        var extra = new LinkedHashMap<String, Object>(w.close().values());
        return Row.latency("compact.truncate.%d".formatted(TRUNCATE_MESSAGES), GROUP, name, 1000 / summary.meanMillis(),
                "compactions/s", summary, errors, "each restored (untimed) before the next", extra);
    }
}
