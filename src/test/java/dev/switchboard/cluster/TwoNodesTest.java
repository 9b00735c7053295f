package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import dev.switchboard.testing.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules that SQLite's single writer used to give for free, tried from two nodes at once: on PostgreSQL two servers
 * on one database (real sockets, one JVM); on SQLite the one node against itself (the same rules must hold there).
 * Every test races many clients spread over both nodes and checks what the store holds afterwards.
 */
@EachStore
class TwoNodesTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.withConfig(c -> c.set("runs.lease", "3s"));

    /** Client {@code i} talks to node {@code i % 2}. */
    static Http node(int i) {
        return i % 2 == 0 ? server.admin() : server.peer().admin();
    }

    /** Runs {@code clients} tasks released at once; returns their results in client order. */
    static <T> List<T> race(int clients, java.util.function.IntFunction<T> task) throws Exception {
        var start = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<T>>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return task.apply(client);
                }));
            }
            start.countDown();
            var out = new ArrayList<T>();
            for (var f : futures) out.add(f.get(60, TimeUnit.SECONDS));
            return out;
        }
    }

    @Test
    void appends_to_one_session_from_both_nodes_get_contiguous_seqs_and_lose_no_counter_update() throws Exception {
        node(0).post("/v1/sessions", Map.of("key", "shared-hot"));
        int clients = 32;
        int perClient = 10;
        var seqs = race(clients, c -> {
            var mine = new ArrayList<Long>();
            for (int i = 0; i < perClient; i++) {
                Response r = node(c).post("/v1/sessions/shared-hot/messages", Map.of("role", "assistant",
                        "content", c + ":" + i, "usage", Map.of("input_tokens", 1, "output_tokens", 2, "cost_usd", 0.5)));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                mine.add(r.json().path("items").get(0).path("seq").asLong());
            }
            return mine;
        });
        var all = new ArrayList<Long>();
        seqs.forEach(all::addAll);
        int n = clients * perClient;
        assertThat(all).doesNotHaveDuplicates().hasSize(n);
        assertThat(Collections.max(all)).isEqualTo(n);
        for (int i = 0; i < 2; i++) { // both nodes read the same, at once
            var s = node(i).get("/v1/sessions/shared-hot").json();
            assertThat(s.path("message_count").asLong()).isEqualTo(n);
            assertThat(s.path("usage").path("input_tokens").asLong()).isEqualTo(n);
            assertThat(s.path("usage").path("output_tokens").asLong()).isEqualTo(2L * n);
            assertThat(s.path("usage").path("cost_usd").asDouble()).isEqualTo(0.5 * n);
            assertThat(s.path("version").asLong()).as("every append bumped the version once").isEqualTo(1 + n);
        }
        assertThat(server.db().count("SELECT count(DISTINCT seq) FROM messages m JOIN sessions s ON s.instance_id = m.instance_id"
                + " WHERE s.key = 'shared-hot'")).isEqualTo(n);
    }

    @Test
    void get_or_create_of_one_key_from_both_nodes_creates_it_once() throws Exception {
        var replies = race(16, c -> node(c).post("/v1/sessions", Map.of("key", "created-once", "title", "t" + c)));
        assertThat(replies).extracting(Response::status).containsOnly(200, 201);
        assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(replies.stream().map(r -> r.json().path("id").asText()).distinct()).hasSize(1);
        assertThat(server.db().count("SELECT count(*) FROM instances WHERE key = 'created-once'")).isEqualTo(1);
        assertThat(server.db().count("SELECT count(*) FROM events WHERE key = 'created-once' AND type = 'session.created'"))
                .isEqualTo(1);
    }

    @Test
    void idempotent_retries_on_both_nodes_apply_once_and_all_get_the_same_answer() throws Exception {
        node(0).post("/v1/sessions", Map.of("key", "retried"));
        var body = Map.of("role", "user", "content", "exactly once");
        var replies = race(16, c -> node(c).post("/v1/sessions/retried/messages", body, "Idempotency-Key", "retry-1"));
        assertThat(replies).extracting(Response::status).containsOnly(201);
        assertThat(replies.stream().map(Response::body).distinct()).hasSize(1);
        assertThat(node(1).get("/v1/sessions/retried").json().path("message_count").asLong()).isEqualTo(1);
    }

    @Test
    void subscribers_on_both_nodes_see_every_event_of_both_nodes_once_in_order() throws Exception {
        long head = server.db().count("SELECT coalesce(max(seq), 0) FROM events");
        var subscribers = new ArrayList<SseClient>();
        for (int i = 0; i < 4; i++) {
            var url = (i % 2 == 0 ? server.url() : server.peer().url()) + "/v1/events?channel=ordered";
            SseClient sse = SseClient.connect(url, server.adminToken(), String.valueOf(head));
            assertThat(sse.status()).isEqualTo(200);
            subscribers.add(sse);
        }
        try {
            for (int i = 0; i < 4; i++) node(i).post("/v1/sessions", Map.of("key", "agent:main:ordered:dm:w" + i));
            race(8, c -> {
                for (int i = 0; i < 15; i++) {
                    node(c).post("/v1/sessions/" + Http.seg("agent:main:ordered:dm:w" + (c % 4)) + "/messages",
                            Map.of("role", "user", "content", "m" + i));
                }
                return null;
            });
            List<Long> committed = server.db().rows("SELECT seq FROM events WHERE seq > ? AND channel = 'ordered' ORDER BY seq",
                    head).stream().map(r -> ((Number) r.get("seq")).longValue()).toList();
            assertThat(committed).hasSize(4 + 8 * 15);
            for (SseClient sse : subscribers) {
                var seen = new ArrayList<Long>();
                while (seen.size() < committed.size()) {
                    SseClient.Event e = sse.next();
                    if (!e.event().equals("message.appended") && !e.event().equals("session.created")) continue;
                    seen.add(Long.parseLong(e.id()));
                }
                assertThat(seen).as("in commit order, each once").isEqualTo(committed);
            }
        } finally {
            subscribers.forEach(SseClient::close);
        }
    }

    @Test
    void a_revoked_token_is_refused_by_both_nodes_and_a_changed_policy_and_agent_are_seen_by_both() {
        String secret = server.token("short-lived", List.of("sessions:read"), Map.of());
        assertThat(node(1).as(secret).get("/v1/sessions").status()).isEqualTo(200); // cached on node 1 now
        for (var t : node(0).get("/v1/tokens?limit=500").json().path("items")) {
            if (t.path("name").asText().equals("short-lived")) {
                assertThat(node(0).delete("/v1/tokens/" + t.path("id").asText()).status()).isEqualTo(204);
            }
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(node(1).as(secret).get("/v1/sessions").status()).isEqualTo(401));

        assertThat(node(0).put("/v1/policies", Map.of("platforms", Map.of("slack", Map.of("mode", "daily", "at_hour", 5))))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(node(1)
                .get("/v1/policies?platform=slack&chat_type=dm").json().path("resolved").path("mode").asText())
                .isEqualTo("daily"));

        assertThat(node(1).put("/v1/agents/shared-agent", Map.of("adapter", "echo")).status()).isIn(200, 201);
        assertThat(node(0).get("/v1/agents").json().path("items").findValuesAsText("id")).contains("shared-agent");
    }

    @Test
    void an_abort_sent_to_either_node_stops_the_run_wherever_it_executes() {
        assertThat(node(0).put("/v1/agents/slow-cluster", Map.of("adapter", "echo", "delay_ms", 200)).status()).isIn(200, 201);
        node(0).post("/v1/sessions", Map.of("key", "abort-anywhere"));
        Response sent = node(0).post("/v1/sessions/abort-anywhere/runs", Map.of("agent", "slow-cluster",
                "input", Map.of("role", "user", "content", "one two three four five six seven eight nine ten")));
        assertThat(sent.status()).isEqualTo(202);
        String run = sent.json().path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> node(1).get("/v1/runs/" + run).json().path("status").asText(),
                "running"::equals);
        Response abort = node(1).post("/v1/runs/" + run + "/abort", Map.of("reason", "stop from the other node"));
        assertThat(abort.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var r = node(0).get("/v1/runs/" + run).json();
            assertThat(r.path("status").asText()).isEqualTo("aborted");
            assertThat(r.path("error").asText()).isEqualTo("stop from the other node");
        });
    }

    @Test
    void the_run_lease_names_the_node_that_executes_it() {
        assertThat(node(0).put("/v1/agents/slow-lease", Map.of("adapter", "echo", "delay_ms", 100)).status()).isIn(200, 201);
        node(1).post("/v1/sessions", Map.of("key", "leased"));
        String run = node(1).post("/v1/sessions/leased/runs", Map.of("agent", "slow-lease",
                "input", Map.of("role", "user", "content", "a b c d e f"))).json().path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.db().count(
                "SELECT count(*) FROM run_leases WHERE run_id = ?", run) == 1);
        Set<String> nodes = new HashSet<>();
        server.db().rows("SELECT node FROM run_leases WHERE run_id = ?", run).forEach(r -> nodes.add((String) r.get("node")));
        assertThat(nodes).hasSize(1).allMatch(n -> n.startsWith("node-"));
        await().atMost(Duration.ofSeconds(10)).until(() -> node(0).get("/v1/runs/" + run).json().path("status").asText(),
                "succeeded"::equals);
    }
}
