package dev.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durable message appends over HTTP: 1–256 concurrent clients, single messages and batches of 20, spread
 * over many sessions and all on one hot session. Every acknowledged message is counted per session, and
 * the sessions' stored {@code message_count} must match at the end ("nothing lost").
 */
final class AppendScenario implements Scenario {
    static final String GROUP = "appends";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Shape(String name, String body, int messages) {}

    private static final List<Shape> SHAPES = List.of(
            new Shape("single", Payloads.SINGLE, 1),
            new Shape("batch20", Payloads.BATCH_20, Payloads.BATCH));

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public List<Row> run(Context ctx) throws Exception {
        Scale scale = ctx.scale();
        var rows = new ArrayList<Row>();
        Path data = ctx.freshDataDir(GROUP);
        int maxClients = scale.appendClients().stream().mapToInt(Integer::intValue).max().orElse(1);
        try (ServerProcess server = ctx.startServer(GROUP, data, List.of());
             Api api = new Api(server.url(), server.token(), maxClients)) {
            List<String> keys = createSessions(api, scale.appendSessions());
            warmUpJit(ctx, server, api);
            // Index appendSessions is the hot session; the others take the spread load.
            var acked = new AtomicLongArray(keys.size());
            for (Shape shape : SHAPES) {
                for (boolean hot : new boolean[] {false, true}) {
                    for (int clients : scale.appendClients()) {
                        rows.add(measure(ctx, server, api, keys, acked, shape, hot, clients));
                    }
                }
            }
            // The same single appends over the WebSocket RPC: what HTTP costs per append on these cores.
            rows.add(WsAppends.measure(ctx, server, keys, acked, maxClients >= 64 ? 64 : maxClients));
            rows.add(checkNothingLost(api, keys, acked));
        }
        rows.add(KillDuringAppends.run(ctx, maxClients >= 64 ? 64 : maxClients));
        if (ctx.profile()) profile(ctx);
        return rows;
    }

    /**
     * Compiles the append path before the first row (see {@link Scale#jitWarmup()}): 16 clients, single
     * appends and batches of 20, on sessions of their own so the rows' counts stay exact.
     */
    private static void warmUpJit(Context ctx, ServerProcess server, Api api) {
        ctx.log("warming the JIT: appends for %.1f s", ctx.scale().jitWarmup().toMillis() / 1000.0);
        var paths = new ArrayList<String>();
        for (int i = 0; i < 16; i++) {
            String key = "bench:warm:%02d".formatted(i);
            Api.expect(api.post(0, "/v1/sessions", "{\"key\":\"" + key + "\"}"), 200, 201);
            paths.add("/v1/sessions/" + key + "/messages");
        }
        LoadRunner.run(16, Duration.ZERO, ctx.scale().jitWarmup(), server, (c, i) ->
                api.post(c, paths.get(c), i % 4 == 3 ? Payloads.BATCH_20 : Payloads.SINGLE).statusCode() == 201);
    }

    static List<String> createSessions(Api api, int count) {
        var keys = new ArrayList<String>();
        for (int i = 0; i <= count; i++) {
            String key = i == count ? "bench:append:hot" : "bench:append:%03d".formatted(i);
            Api.expect(api.post(0, "/v1/sessions", "{\"key\":\"" + key + "\"}"), 200, 201);
            keys.add(key);
        }
        return keys;
    }

    private Row measure(Context ctx, ServerProcess server, Api api, List<String> keys, AtomicLongArray acked,
                        Shape shape, boolean hot, int clients) {
        int spread = keys.size() - 1;
        String target = hot ? "1 hot session" : spread + " sessions";
        String name = "append %s, %d client%s, %s".formatted(shape.name(), clients, clients == 1 ? "" : "s", target);
        ctx.log("%s", name);
        var paths = keys.stream().map(k -> "/v1/sessions/" + k + "/messages").toList();
        LoadRunner.Result r = LoadRunner.run(clients, ctx.scale().warmup(), ctx.scale().measure(), server, (c, i) -> {
            // Clients walk the sessions at different offsets, so concurrent appends rarely share a session.
            int s = hot ? spread : (int) ((c * 31L + i) % spread);
            HttpResponse<String> resp = api.post(c, paths.get(s), shape.body());
            if (resp.statusCode() != 201) return false;
            acked.addAndGet(s, shape.messages());
            return true;
        });
        var extra = new LinkedHashMap<String, Object>();
        extra.put("requests_per_s", Window.round(r.perSecond()));
        extra.putAll(r.figures().values());
        if (r.firstError() != null) extra.put("first_error", r.firstError());
        String id = "append.%s.c%d.%s".formatted(shape.name(), clients, hot ? "hot" : "spread");
        return Row.latency(id, GROUP, name, r.perSecond() * shape.messages(), "msg/s", r.latencies(), r.errors(),
                "latency per request (" + shape.messages() + " msg)", extra);
    }

    /** What the clients were told (201s per session) against each session's stored {@code message_count}. */
    record Tally(long acknowledged, long stored, long missing) {}

    static Tally tally(Api api, List<String> keys, AtomicLongArray acked) throws Exception {
        long ackedTotal = 0;
        long storedTotal = 0;
        long missing = 0;
        for (int i = 0; i < keys.size(); i++) {
            HttpResponse<String> r = Api.expect(api.get(0, "/v1/sessions/" + keys.get(i)), 200);
            long stored = JSON.readTree(r.body()).path("message_count").asLong();
            ackedTotal += acked.get(i);
            storedTotal += stored;
            missing += Math.max(0, acked.get(i) - stored);
        }
        return new Tally(ackedTotal, storedTotal, missing);
    }

    /** Every message acknowledged with 201 must be in its session's stored count. */
    private Row checkNothingLost(Api api, List<String> keys, AtomicLongArray acked) throws Exception {
        Tally t = tally(api, keys, acked);
        Map<String, Object> extra = Map.of("acknowledged", t.acknowledged(), "stored", t.stored());
        String note = t.missing() == 0
                ? "every acknowledged message is stored (%d acked, %d stored)".formatted(t.acknowledged(), t.stored())
                : "LOST %d acknowledged messages".formatted(t.missing());
        return new Row("append.lost", GROUP, "appends acknowledged but not stored", t.missing(), "msgs", Double.NaN,
                Double.NaN, Double.NaN, t.acknowledged(), t.missing(), Row.OK, note, new LinkedHashMap<>(extra));
    }

    /** A separate run under JFR (its numbers are not reported: the recording itself costs a little). */
    private void profile(Context ctx) throws Exception {
        Path jfr = ctx.results().resolve(ctx.stamp() + "-append.jfr");
        ctx.log("profiling: append single, 64 clients, under JFR -> %s", jfr);
        Path data = ctx.freshDataDir(GROUP + "-profile");
        try (ServerProcess server = ctx.startServer(GROUP + "-profile", data, Context.flightRecording(jfr));
             Api api = new Api(server.url(), server.token(), 64)) {
            List<String> keys = createSessions(api, ctx.scale().appendSessions());
            var paths = keys.stream().map(k -> "/v1/sessions/" + k + "/messages").toList();
            int spread = keys.size() - 1;
            LoadRunner.run(64, ctx.scale().warmup(), ctx.scale().measure().multipliedBy(2), server,
                    (c, i) -> api.post(c, paths.get((int) ((c * 31L + i) % spread)), Payloads.SINGLE).statusCode() == 201);
        }
        JfrSummary.write(jfr, ctx.results().resolve(ctx.stamp() + "-profile-append.txt"));
    }
}
