package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.run.JarServer;
import dev.switchboard.store.postgres.PostgresDuties;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.PostgresForTests;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.SseClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Several real server processes (the packaged jar) on one real PostgreSQL, behind a round-robin balancer with no
 * stickiness, as docs/deploy.md runs them: read-your-writes through the balancer, SSE streams that reconnect to
 * another node and still see every event once in order, an abort sent to the node that doesn't run the run, and
 * {@code kill -9} of a node under load (no acknowledged write lost, its run reconciled by the survivor within the
 * lease, its sweeper duty taken over, the session's queue continued).
 */
class ClusterIT {
    /** Short, so the takeover is quick to test; docs/deploy.md explains the production default (30 s). */
    static final Duration LEASE = Duration.ofSeconds(3);

    /** A cluster of {@code n} nodes on a fresh database; the first creates the admin token the others are given. */
    record Cluster(String storeUrl, List<JarServer> nodes, List<String> nodeIds, List<Path> dirs, RoundRobinProxy proxy)
            implements AutoCloseable {
        /** @param idleAfter sessions.idle_after: short where the sweeper's takeover is tested, long where it would add events */
        static Cluster start(int n, String idleAfter) throws Exception {
            String url = PostgresForTests.newDatabase();
            // A password in the URL (the test server trusts any): the nodes' logs must never show it.
            String withPassword = url.replace("postgres@", "postgres:never-log-this-pw@");
            var nodes = new ArrayList<JarServer>();
            var ids = new ArrayList<String>();
            var dirs = new ArrayList<Path>();
            for (int i = 0; i < n; i++) {
                Path dir = Files.createTempDirectory("switchboard-cluster-" + i);
                Path config = dir.resolve("switchboard.toml");
                Files.writeString(config, """
                        [store]
                        url = "%s"

                        [runs]
                        lease = "%ds"

                        [sessions]
                        sweep_every = "1s"
                        idle_after = "%s"
                        stale_after = "1h"

                        [agents.slow]
                        adapter = "echo"
                        delay_ms = 150
                        """.formatted(withPassword, LEASE.toSeconds(), idleAfter));
                if (i > 0) Files.copy(dirs.getFirst().resolve("admin.token"), dir.resolve("admin.token"));
                nodes.add(JarServer.start(dir, config));
                ids.add(Files.readString(dir.resolve("node.id")).strip());
                dirs.add(dir);
            }
            var backends = nodes.stream().map(s -> URI.create(s.url()))
                    .map(u -> new InetSocketAddress(u.getHost(), u.getPort())).toList();
            return new Cluster(url, nodes, ids, dirs, new RoundRobinProxy(backends));
        }

        /** A client of the balancer that opens a new connection per request, so requests take turns over the nodes. */
        Http balanced() {
            return Http.connectionPerRequest(proxy.url(), nodes.getFirst().admin().token());
        }

        Connection sql() throws Exception {
            URI u = URI.create(storeUrl);
            return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath()
                    + "?user=postgres");
        }

        long count(String sql, Object... params) throws Exception {
            try (Connection c = sql(); var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        /**
         * Which node holds cluster duty {@code duty} (its session-level advisory lock, as pg_locks shows a bigint key:
         * high and low 32 bits), by the application_name its connections carry; -1 when none does.
         */
        int holderOf(String duty) throws Exception {
            long key = PostgresDuties.key(duty);
            for (int i = 0; i < nodeIds.size(); i++) {
                long held = count("""
                        SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                          AND l.classid::bigint = ? AND l.objid::bigint = ? AND a.application_name = ?""",
                        key >>> 32, key & 0xFFFF_FFFFL, "switchboard " + nodeIds.get(i));
                if (held > 0) return i;
            }
            return -1;
        }

        String logs() throws Exception {
            var all = new StringBuilder();
            for (Path dir : dirs) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                        all.append(Files.readString(p));
                    }
                }
            }
            return all.toString();
        }

        @Override
        public void close() throws Exception {
            proxy.close();
            for (JarServer s : nodes) s.close();
        }
    }

    static Response post(Http h, String path, Object body) {
        return h.post(path, body);
    }

    static Response get(Http h, String path) {
        return h.get(path);
    }

    @Test
    void thirty_two_clients_through_the_balancer_read_their_own_writes_from_whichever_node_answers() throws Exception {
        try (Cluster cluster = Cluster.start(2, "1h")) {
            Http lb = cluster.balanced();
            int clients = 32;
            int appends = 15;
            var start = new CountDownLatch(1);
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<?>>();
                for (int c = 0; c < clients; c++) {
                    String key = "rw-" + c;
                    futures.add(pool.submit(() -> {
                        start.await();
                        assertThat(post(lb, "/v1/sessions", Map.of("key", key)).status()).isEqualTo(201);
                        for (int i = 1; i <= appends; i++) {
                            Response r = post(lb, "/v1/sessions/" + key + "/messages", Map.of("role", "user", "content", "m" + i));
                            assertThat(r.status()).as(r.body()).isEqualTo(201);
                            long seq = r.json().path("items").get(0).path("seq").asLong();
                            // The next request goes to the other node: it must already see the write.
                            Response newest = get(lb, "/v1/sessions/" + key + "/messages?order=desc&limit=1");
                            assertThat(newest.json().path("items").get(0).path("seq").asLong()).isEqualTo(seq);
                            assertThat(get(lb, "/v1/sessions/" + key).json().path("message_count").asLong()).isEqualTo(i);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (var f : futures) f.get(5, TimeUnit.MINUTES);
            }
            assertThat(cluster.count("SELECT count(*) FROM messages")).isEqualTo((long) clients * appends);
            for (JarServer node : cluster.nodes()) {
                String metrics = node.admin().get("/metrics").body();
                assertThat(metrics).as("both nodes took appends")
                        .containsPattern("route=\"/v1/sessions/\\{key}/messages\",status=\"201\"} [1-9]");
            }
            assertThat(cluster.logs()).as("no node logs the store password").doesNotContain("never-log-this-pw");
        }
    }

    @Test
    void sse_subscribers_reconnecting_through_the_balancer_see_every_event_once_in_order() throws Exception {
        try (Cluster cluster = Cluster.start(2, "1h")) {
            Http lb = cluster.balanced();
            String token = lb.token();
            long head = cluster.count("SELECT coalesce(max(seq), 0) FROM events");
            var writing = new AtomicBoolean(true);
            var received = new ConcurrentHashMap<Integer, List<Long>>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var subscribers = new ArrayList<Future<?>>();
                for (int s = 0; s < 4; s++) {
                    int sub = s;
                    received.put(sub, Collections.synchronizedList(new ArrayList<>()));
                    subscribers.add(pool.submit(() -> subscribe(lb.base(), token, head, writing, received.get(sub))));
                }
                var writers = new ArrayList<Future<?>>();
                for (int w = 0; w < 8; w++) {
                    String key = "agent:main:sse:dm:" + w;
                    writers.add(pool.submit(() -> {
                        post(lb, "/v1/sessions", Map.of("key", key));
                        for (int i = 0; i < 25; i++) post(lb, "/v1/sessions/" + Http.seg(key) + "/messages", Map.of("role", "user", "content", "e" + i));
                        return null;
                    }));
                }
                for (var f : writers) f.get(2, TimeUnit.MINUTES);
                writing.set(false);
                long last = cluster.count("SELECT max(seq) FROM events");
                var committed = new ArrayList<Long>();
                try (Connection c = cluster.sql(); var ps = c.prepareStatement("SELECT seq FROM events WHERE seq > ? ORDER BY seq")) {
                    ps.setLong(1, head);
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) committed.add(rs.getLong(1));
                    }
                }
                assertThat(committed.getLast()).isEqualTo(last);
                for (var f : subscribers) f.get(2, TimeUnit.MINUTES);
                for (var seen : received.values()) assertThat(seen).as("every event once, in order").isEqualTo(committed);
            }
        }
    }

    /** Reads the stream, hanging up after every 40 events and resuming by id (the balancer picks the next node). */
    private static Void subscribe(String base, String token, long from, AtomicBoolean writing, List<Long> seen) {
        long position = from;
        int reconnects = 0;
        while (true) {
            try (SseClient sse = SseClient.connect(base + "/v1/events", token, String.valueOf(position))) {
                reconnects++;
                for (int n = 0; n < 40; n++) {
                    SseClient.Event e = sse.next(Duration.ofSeconds(3));
                    if (e == null) {
                        if (!writing.get()) {
                            assertThat(reconnects).as("streams moved between nodes").isGreaterThan(2);
                            return null;
                        }
                        break;
                    }
                    if (e.id() == null || e.id().isEmpty()) continue;
                    long seq = Long.parseLong(e.id());
                    seen.add(seq);
                    position = seq;
                }
            }
        }
    }

    @Test
    void an_abort_sent_to_the_node_that_does_not_run_the_run_stops_it() throws Exception {
        try (Cluster cluster = Cluster.start(2, "1h")) {
            Http owner = cluster.nodes().get(0).admin();
            Http other = cluster.nodes().get(1).admin();
            owner.post("/v1/sessions", Map.of("key", "abort-me"));
            String run = owner.post("/v1/sessions/abort-me/runs", Map.of("agent", "slow", "input",
                    Map.of("role", "user", "content", "a b c d e f g h i j k l m n o p q r s t"))).json().path("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> other.get("/v1/runs/" + run).json().path("status").asText(),
                    "running"::equals);
            assertThat(cluster.count("SELECT count(*) FROM run_leases WHERE run_id = ? AND node = ?", run,
                    cluster.nodeIds().get(0))).as("node 0 owns it").isEqualTo(1);
            assertThat(other.post("/v1/runs/" + run + "/abort", Map.of("reason", "from node 1")).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> owner.get("/v1/runs/" + run).json().path("status").asText(),
                    "aborted"::equals);
        }
    }

    /** One client appending to its session through the balancer until told to stop; counts what was acknowledged. */
    private static Void appendUntilStopped(Http lb, String key, AtomicBoolean load, long deadline, java.util.Set<String> acked,
                                           java.util.concurrent.atomic.AtomicInteger failed) {
        boolean created = false;
        for (int i = 0; load.get() && System.nanoTime() < deadline; i++) {
            try {
                if (!created) {
                    Response r = post(lb, "/v1/sessions", Map.of("key", key));
                    created = r.status() < 300;
                    if (!created) throw new IllegalStateException("session create answered " + r);
                    continue;
                }
                String content = key + "/" + i;
                if (post(lb, "/v1/sessions/" + key + "/messages", Map.of("role", "user", "content", content)).status() == 201) {
                    acked.add(content);
                } else if (failed.incrementAndGet() == 1) {
                    System.err.println("first refused append");
                }
            } catch (RuntimeException connectionCut) {
                // in flight on the killed node: not acknowledged, so nothing was promised
                if (failed.incrementAndGet() == 1) System.err.println("first failed append: " + connectionCut);
            }
        }
        return null;
    }

    /** The survivor reconciles the killed node's run within the lease, continues its queue, takes its duties. */
    private static void afterTheKill(Cluster cluster, int doomed, int survives, String running, String queued,
                                     long killedAt) throws Exception {
        Http survivor = cluster.nodes().get(survives).admin();
        var lost = await().atMost(LEASE.plus(Duration.ofSeconds(10))).until(
                () -> survivor.get("/v1/runs/" + running).json(), r -> r.path("status").asText().equals("lost"));
        double reconciledAfter = (System.nanoTime() - killedAt) / 1e9;
        System.err.printf("ClusterIT: the killed node's run was reconciled %.1f s after kill -9 (lease %s)%n",
                reconciledAfter, LEASE);
        assertThat(lost.path("error").asText()).contains(cluster.nodeIds().get(doomed)).contains("lease");
        assertThat(reconciledAfter).as("reconciled within the lease (+ one reconciliation period + slack)")
                .isLessThan(LEASE.toSeconds() + 1 + 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> survivor.get("/v1/runs/" + queued).json().path("status")
                .asText(), "succeeded"::equals);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.holderOf("session sweeper") == survives);
        // The sweeper is the survivor's now: a session silent for longer than idle_after turns idle.
        survivor.post("/v1/sessions", Map.of("key", "swept-later"));
        await().atMost(Duration.ofSeconds(10)).until(() -> survivor.get("/v1/sessions/swept-later").json()
                .path("status").asText(), "idle"::equals);
    }

    @Test
    void kill_9_of_a_node_under_load_loses_no_acknowledged_write_and_the_survivor_takes_its_runs_and_duties()
            throws Exception {
        try (Cluster cluster = Cluster.start(2, "2s")) {
            // The node to kill is the one doing the sweeper duty; the run it starts is its own.
            int doomed = await().atMost(Duration.ofSeconds(10)).until(() -> cluster.holderOf("session sweeper"), i -> i >= 0);
            int survives = 1 - doomed;
            Http victim = cluster.nodes().get(doomed).admin();
            victim.post("/v1/sessions", Map.of("key", "orphaned"));
            String running = victim.post("/v1/sessions/orphaned/runs", Map.of("agent", "slow", "input",
                    Map.of("role", "user", "content", String.join(" ", Collections.nCopies(200, "w"))))).json().path("id").asText();
            String queued = victim.post("/v1/sessions/orphaned/runs", Map.of("agent", "slow", "on_active", "enqueue",
                    "input", Map.of("role", "user", "content", "after the crash"))).json().path("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> victim.get("/v1/runs/" + running).json().path("status")
                    .asText(), "running"::equals);

            Http lb = cluster.balanced();
            var acknowledged = ConcurrentHashMap.<String>newKeySet();
            var failed = new java.util.concurrent.atomic.AtomicInteger();
            var load = new AtomicBoolean(true);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2); // bounds the load whatever happens
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                try {
                    for (int c = 0; c < 16; c++) {
                        String key = "load-" + c;
                        pool.submit(() -> appendUntilStopped(lb, key, load, deadline, acknowledged, failed));
                    }
                    await().atMost(Duration.ofSeconds(30)).alias("300 appends acknowledged before the kill")
                            .until(() -> acknowledged.size() > 300 || failed.get() > 1_000);
                    assertThat(failed.get()).as("appends failing before any node was killed").isLessThan(1_000);
                    long killedAt = System.nanoTime();
                    cluster.nodes().get(doomed).kill9();
                    int atKill = acknowledged.size();
                    await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > atKill + 300);
                    load.set(false);
                    afterTheKill(cluster, doomed, survives, running, queued, killedAt);
                } finally {
                    load.set(false);
                }
            }
            var stored = new java.util.HashSet<String>();
            try (Connection c = cluster.sql(); var rs = c.createStatement().executeQuery(
                    "SELECT content FROM messages WHERE content LIKE '\"load-%'")) {
                // content is stored as the JSON the API returns: a string message is a quoted JSON string
                while (rs.next()) stored.add(dev.switchboard.json.Json.MAPPER.readTree(rs.getString(1)).asText());
            }
            assertThat(acknowledged).hasSizeGreaterThan(600);
            System.err.printf("ClusterIT: %d appends acknowledged around the kill, all stored%n", acknowledged.size());
            assertThat(stored).as("every acknowledged append is in the store").containsAll(acknowledged);
        }
    }
}
