package dev.switchboard.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Event delivery over SSE ({@code GET /v1/events}, API.md "Events"): latency from sending an append to each
 * of 1, 100 and 1 000 subscribers receiving its {@code message.appended} event, and the server's heap and RSS
 * while holding 10 000 idle SSE connections. When the build has no events endpoint (404), every row says so.
 */
final class EventScenario implements Scenario {
    static final String GROUP = "events";
    private static final String SESSION = "bench:events:probe";
    private static final String IDLE_SESSION = "bench:events:idle";
    private static final String FILTER = "/v1/events?types=message.appended&session=";
    /** One probe every 50 ms: 20 events/s × 1 000 subscribers = 20 000 deliveries/s, a fan-out, not a flood. */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(50);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    /** File descriptors the generator and the server need besides the idle connections (jars, SQLite, pools). */
    private static final int FD_RESERVE = 500;

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public List<Row> run(Context ctx) throws Exception {
        Scale scale = ctx.scale();
        var rows = new ArrayList<Row>();
        Path data = ctx.freshDataDir(GROUP);
        try (ServerProcess server = ctx.startServer(GROUP, data, List.of());
             Api api = new Api(server.url(), server.token(), 1)) {
            // Sessions first: a filter on a session that doesn't exist may rightly answer 404 too.
            for (String key : List.of(SESSION, IDLE_SESSION)) {
                Api.expect(api.post(0, "/v1/sessions", "{\"key\":\"" + key + "\"}"), 200, 201);
            }
            int status = endpointStatus(api);
            if (status == 404) {
                String reason = "n/a: endpoint not available in this build";
                ctx.log("GET /v1/events answers 404: %s", reason);
                for (int n : scale.subscribers()) rows.add(Row.notAvailable(deliveryId(n), GROUP, deliveryName(n), reason));
                rows.add(Row.notAvailable(idleId(scale.idleConnections()), GROUP, idleName(scale.idleConnections()), reason));
                return rows;
            }
            if (status != 200) throw new IllegalStateException("GET /v1/events answered " + status);
            // On PostgreSQL half the subscribers are on a second node: the appends reach them through the log.
            try (ServerProcess peer = ctx.store().postgres() ? ctx.startPeer(GROUP, server) : null) {
                for (int n : scale.subscribers()) rows.add(delivery(ctx, server, peer, api, n));
            }
            rows.add(idle(ctx, server, api));
        }
        return rows;
    }

    private static String deliveryId(int n) { return "events.delivery.s" + n; }

    private static String deliveryName(int n) {
        return "event delivery, append → %,d SSE subscriber%s".formatted(n, n == 1 ? "" : "s");
    }

    private static String idleId(int n) { return "events.idle." + n; }

    private static String idleName(int n) { return "heap with %,d idle SSE connections".formatted(n); }

    private static int endpointStatus(Api api) throws Exception {
        HttpResponse<java.io.InputStream> r = api.client(0).send(api.request(FILTER + SESSION).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }

    private Row delivery(Context ctx, ServerProcess server, ServerProcess peer, Api api, int subscribers) throws Exception {
        String name = deliveryName(subscribers) + (peer == null ? "" : ", over two nodes");
        ctx.log("%s", name);
        int probes = ctx.scale().probes();
        var sentAt = new AtomicLongArray(probes);
        var subs = new ArrayList<SseSubscriber>(subscribers);
        try (Api streams = new Api(server.url(), server.token(), subscribers);
             Api peerStreams = new Api(peer == null ? server.url() : peer.url(), server.token(), peer == null ? 1 : subscribers)) {
            for (int i = 0; i < subscribers; i++) {
                Api on = peer != null && i % 2 == 1 ? peerStreams : streams;
                HttpRequest req = on.request(FILTER + SESSION).timeout(Duration.ofDays(1))
                        .header("Accept", "text/event-stream").GET().build();
                subs.add(new SseSubscriber(on.client(i), req, sentAt));
            }
            // Warm-up appends until every subscriber has received one: then all are connected and live.
            long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
            while (!subs.stream().allMatch(SseSubscriber::receivedAny) && System.nanoTime() < deadline) {
                Api.expect(api.post(0, "/v1/sessions/" + SESSION + "/messages", "{\"role\":\"user\",\"content\":\"warm-up\"}"), 201);
                Thread.sleep(100);
            }
            long connected = subs.stream().filter(SseSubscriber::receivedAny).count();
            Window window = Window.open(server);
            var acks = new Latencies();
            for (int n = 0; n < probes; n++) {
                long t0 = System.nanoTime();
                sentAt.set(n, t0);
                Api.expect(api.post(0, "/v1/sessions/" + SESSION + "/messages", Payloads.probe(SseSubscriber.PROBE, n)), 201);
                acks.add(System.nanoTime() - t0);
                long left = PROBE_INTERVAL.toNanos() - (System.nanoTime() - t0);
                if (left > 0) Thread.sleep(Duration.ofNanos(left));
            }
            long expected = (long) probes * subscribers;
            long drainDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (received(subs) < expected && System.nanoTime() < drainDeadline) Thread.sleep(20);
            Window.Figures figures = window.close();
            var all = new Latencies();
            for (SseSubscriber s : subs) all.addAll(s.latencies());
            long missing = expected - all.count();
            var extra = new LinkedHashMap<String, Object>(figures.values());
            extra.put("connected", connected);
            extra.put("append_ack_p50_ms", Math.round(acks.summary().millis(50) * 100) / 100.0);
            subs.stream().map(SseSubscriber::failure).filter(f -> f != null).findFirst()
                    .ifPresent(f -> extra.put("first_error", f));
            String note = "send→received (includes the append's commit); %d probes × %d subscribers%s".formatted(
                    probes, subscribers, missing == 0 ? "" : "; %d deliveries MISSING".formatted(missing));
            double seconds = probes * PROBE_INTERVAL.toNanos() / 1e9;
            return Row.latency(deliveryId(subscribers), GROUP, name, all.count() / seconds, "deliveries/s",
                    all.summary(), missing, note, extra);
        } finally {
            subs.forEach(SseSubscriber::close);
        }
    }

    private static long received(List<SseSubscriber> subs) {
        long sum = 0;
        for (SseSubscriber s : subs) sum += s.probesReceived();
        return sum;
    }

    /** Opens the idle connections with bounded parallelism (the server's accept queue is finite), then weighs the server. */
    private Row idle(Context ctx, ServerProcess server, Api api) throws Exception {
        int wanted = ctx.scale().idleConnections();
        long fdLimit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        int target = (int) Math.min(wanted, Math.max(0, fdLimit - FD_RESERVE));
        String name = idleName(wanted);
        ctx.log("%s (fd limit %d: opening %d)", name, fdLimit, target);
        long heapBefore = server.heapAfterGc();
        long rssBefore = server.rssBytes();
        var conns = new ArrayList<IdleConnection>(target);
        URI base = URI.create(server.url());
        String path = FILTER + IDLE_SESSION;
        try {
            var parallel = new Semaphore(32);
            var openers = new ArrayList<Thread>();
            var failures = new java.util.concurrent.atomic.AtomicLong();
            for (int i = 0; i < target; i++) {
                parallel.acquire();
                openers.add(Thread.ofVirtual().start(() -> {
                    try {
                        var c = new IdleConnection(base, path, server.token());
                        synchronized (conns) {
                            conns.add(c);
                        }
                    } catch (java.io.IOException e) {
                        failures.incrementAndGet();
                    } finally {
                        parallel.release();
                    }
                }));
            }
            LoadRunner.joinAll(openers);
            long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
            long nudgeAt = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            boolean nudged = false;
            while (accepted(conns) < conns.size() && System.nanoTime() < deadline) {
                if (!nudged && System.nanoTime() > nudgeAt) {
                    // A server that sends headers only with the first event: give every idle stream one event.
                    Api.expect(api.post(0, "/v1/sessions/" + IDLE_SESSION + "/messages",
                            "{\"role\":\"user\",\"content\":\"wake up\"}"), 201);
                    nudged = true;
                }
                Thread.sleep(50);
            }
            long ok = accepted(conns);
            long heapAfter = server.heapAfterGc();
            long rssAfter = server.rssBytes();
            var extra = new LinkedHashMap<String, Object>();
            extra.put("fd_limit", fdLimit);
            extra.put("connections_open", ok);
            extra.put("heap_before_mib", Window.round(heapBefore / 1048576.0));
            extra.put("heap_after_mib", Window.round(heapAfter / 1048576.0));
            extra.put("rss_before_mib", Window.round(rssBefore / 1048576.0));
            extra.put("rss_after_mib", Window.round(rssAfter / 1048576.0));
            extra.put("heap_per_connection_kib", ok == 0 ? 0 : Window.round((heapAfter - heapBefore) / 1024.0 / ok));
            extra.put("server_threads", server.threads());
            extra.put("server_open_files", server.openFiles());
            String note = "heap after GC %.0f → %.0f MiB, RSS %.0f → %.0f MiB; %,d of %,d connected%s".formatted(
                    heapBefore / 1048576.0, heapAfter / 1048576.0, rssBefore / 1048576.0, rssAfter / 1048576.0, ok, wanted,
                    target < wanted ? " (fd limit " + fdLimit + ")" : "");
            return new Row(idleId(wanted), GROUP, name, heapAfter / 1048576.0, "MiB heap", Double.NaN, Double.NaN, Double.NaN,
                    ok, wanted - ok, Row.OK, note, extra);
        } finally {
            conns.forEach(IdleConnection::close);
        }
    }

    private static long accepted(List<IdleConnection> conns) {
        synchronized (conns) {
            return conns.stream().filter(c -> c.status() == 200).count();
        }
    }
}
