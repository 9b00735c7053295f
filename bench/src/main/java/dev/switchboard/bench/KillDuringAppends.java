package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code kill -9} of the server in the middle of the 64-client single-message append run, then a restart on the same
 * data: every message answered 201 before the kill must be stored afterwards. Messages whose request was cut off by
 * the kill count as not acknowledged (the client never heard 201), whatever the store kept of them.
 */
final class KillDuringAppends {
    private KillDuringAppends() {}

    static Row run(Context ctx, int clients) throws Exception {
        String name = AppendScenario.GROUP + "-kill";
        Path data = ctx.freshDataDir(name);
        List<String> keys;
        var acked = new AtomicLongArray(0);
        var cutOff = new AtomicLong();
        ctx.log("append single, %d clients, kill -9 half-way through, restart, count", clients);
        try (ServerProcess server = ctx.startServer(name, data, List.of());
             Api api = new Api(server.url(), server.token(), clients)) {
            keys = AppendScenario.createSessions(api, ctx.scale().appendSessions());
            acked = new AtomicLongArray(keys.size());
            var counts = acked;
            var stop = new AtomicBoolean();
            int spread = keys.size() - 1;
            var threads = new ArrayList<Thread>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (long i = 0; !stop.get(); i++) {
                        int s = (int) ((client * 31L + i) % spread);
                        try {
                            if (api.post(client, "/v1/sessions/" + keys.get(s) + "/messages", Payloads.SINGLE).statusCode() == 201) {
                                counts.incrementAndGet(s);
                            }
                        } catch (RuntimeException killed) {
                            cutOff.incrementAndGet(); // the connection died with the server: never acknowledged
                        }
                    }
                }));
            }
            Thread.sleep(ctx.scale().warmup().plus(ctx.scale().measure().dividedBy(2)).toMillis());
            server.kill9();
            stop.set(true);
            LoadRunner.joinAll(threads);
        }
        return count(ctx, name, data, keys, acked, cutOff.get());
    }

    private static Row count(Context ctx, String name, Path data, List<String> keys, AtomicLongArray acked, long cutOff)
            throws Exception {
        AppendScenario.Tally t;
        try (ServerProcess again = ctx.restartServer(name, data); Api api = new Api(again.url(), again.token(), 1)) {
            t = AppendScenario.tally(api, keys, acked);
        }
        var extra = new LinkedHashMap<String, Object>();
        extra.put("acknowledged", t.acknowledged());
        extra.put("stored", t.stored());
        extra.put("requests_cut_off", cutOff);
        String note = t.missing() == 0
                ? "kill -9 mid-run: every acknowledged message stored after restart (%d acked, %d stored)"
                        .formatted(t.acknowledged(), t.stored())
                : "kill -9 mid-run: %d ACKNOWLEDGED MESSAGES MISSING".formatted(t.missing());
        return new Row("append.kill9.lost", AppendScenario.GROUP, "appends acknowledged before kill -9 but missing after",
                t.missing(), "msgs", Double.NaN, Double.NaN, Double.NaN, t.acknowledged(), t.missing(), Row.OK, note, extra);
    }
}
