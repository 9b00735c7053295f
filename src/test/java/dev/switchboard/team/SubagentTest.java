package dev.switchboard.team;

import static dev.switchboard.run.RunClient.bashAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.event.Event;
import dev.switchboard.json.Json;
import dev.switchboard.run.RunClient;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subagents and stopping a session, through the REST API, with echo and real process agents. */
@EachStore
class SubagentTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static RunClient c;

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
        c.putAgent("slow", bashAgent("plain_text.sh", List.of("100", "0.1"), Map.of()));
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    private static Response spawn(Http as, String parent, Map<String, Object> body) {
        return as.post("/v1/sessions/" + Http.seg(parent) + "/spawn", body);
    }

    @Test
    void three_children_spawned_in_parallel_answer_the_parent() throws Exception {
        String parent = c.session("sub-parent");
        var futures = new ArrayList<Future<Response>>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= 3; i++) {
                var body = Map.<String, Object>of("agent", "echo", "input", "task " + i, "label", "t" + i);
                futures.add(pool.submit(() -> spawn(c.api, parent, body)));
            }
        }
        for (int i = 0; i < 3; i++) {
            Response r = futures.get(i).get();
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            assertThat(r.json().path("key").asText()).isEqualTo("sub-parent:sub:t" + (i + 1));
            assertThat(r.json().path("parent_key").asText()).isEqualTo(parent);
            c.awaitEnd(r.json().path("run").path("id").asText());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> c.messages(parent).size() == 3);
        var answers = c.messages(parent).stream()
                .map(m -> m.path("metadata").path("subagent_key").asText() + " -> " + RunClient.text(m.path("content")))
                .sorted().toList();
        assertThat(answers).containsExactly("sub-parent:sub:t1 -> task 1", "sub-parent:sub:t2 -> task 2",
                "sub-parent:sub:t3 -> task 3");
        JsonNode first = c.messages(parent).getFirst();
        assertThat(first.path("role").asText()).isEqualTo("user");
        assertThat(first.path("metadata").path("run_id").asText()).isNotEmpty();
        List<Event> completed = c.events.stream().filter(e -> e.type().equals("subagent.completed")
                && parent.equals(e.key())).toList();
        assertThat(completed).hasSize(3);
        assertThat(Json.readStored(completed.getFirst().data()).path("parent_key").asText()).isEqualTo(parent);
        assertThat(c.events.stream().filter(e -> e.type().equals("session.created")
                && e.data().contains("\"parent_key\":\"sub-parent\""))).hasSize(3);

        JsonNode children = c.api.get("/v1/sessions/sub-parent/children").json();
        assertThat(children.path("items")).hasSize(3);
        assertThat(c.api.get("/v1/sessions?parent_key=sub-parent").json().path("items")).hasSize(3);
    }

    @Test
    void spawn_with_wait_answers_with_the_childs_answer() {
        c.session("sub-wait");
        Response r = spawn(c.api, "sub-wait", Map.of("agent", "echo", "input", "hello child", "wait_seconds", 10));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().path("answer").asText()).isEqualTo("hello child");
        assertThat(r.json().path("run").path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void a_failed_child_tells_the_parent_with_subagent_failed() {
        c.putAgent("fail", bashAgent("fail.sh"));
        c.session("sub-fail");
        Response r = spawn(c.api, "sub-fail", Map.of("agent", "fail", "input", "try", "wait_seconds", 10));
        assertThat(r.json().path("run").path("status").asText()).as(r.toString()).isEqualTo("failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.events.stream()
                .anyMatch(e -> e.type().equals("subagent.failed") && "sub-fail".equals(e.key())));
        assertThat(c.messages("sub-fail").getLast().path("metadata").path("run_status").asText()).isEqualTo("failed");
    }

    @Test
    void parent_key_at_create_must_name_an_existing_visible_session() {
        Response r = c.api.post("/v1/sessions", Map.of("key", "orphan", "parent_key", "no-such-session"));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("parent_key");
        c.session("real-parent");
        assertThat(c.api.post("/v1/sessions", Map.of("key", "real-child", "parent_key", "real-parent")).status())
                .isEqualTo(201);
    }

    @Test
    void spawning_needs_an_agent_and_an_input() {
        c.session("sub-bad");
        Response r = spawn(c.api, "sub-bad", Map.of("input", "x"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(spawn(c.api, "no-such-parent", Map.of("agent", "echo", "input", "x")).status()).isEqualTo(404);
    }

    @Test
    void a_token_that_sees_only_the_parent_does_not_see_its_children() {
        c.session("grant-parent"); // agent main
        spawn(c.api, "grant-parent", Map.of("agent", "echo", "input", "secret", "label", "x", "wait_seconds", 10));
        Http narrow = server.client("narrow", List.of("sessions:read", "sessions:write", "runs:write", "transcripts:read"),
                Map.of("agents", List.of("main")));
        assertThat(narrow.get("/v1/sessions/grant-parent").status()).isEqualTo(200);
        assertThat(narrow.get("/v1/sessions/grant-parent:sub:x").status()).isEqualTo(404);
        assertThat(narrow.get("/v1/sessions/grant-parent/children").json().path("items")).isEmpty();
        assertThat(spawn(narrow, "grant-parent", Map.of("agent", "echo", "input", "x")).status()).isEqualTo(403);
    }

    @Test
    void abort_with_nothing_running_answers_empty() {
        c.session("stop-idle");
        Response r = c.api.post("/v1/sessions/stop-idle/abort", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("aborted")).isEmpty();
        assertThat(r.json().path("cleared").asInt()).isZero();
        assertThat(c.api.post("/v1/sessions/no-such/abort", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void abort_stops_the_run_clears_the_queue_and_cascades_to_running_children() {
        String parent = c.session("stop-parent");
        String own = c.start(parent, "work", null, "slow");
        String queued = c.start(parent, "more", "enqueue", "slow");
        var childRuns = new ArrayList<String>();
        for (String label : List.of("a", "b")) {
            Response r = spawn(c.api, parent, Map.of("agent", "slow", "input", "go", "label", label));
            childRuns.add(r.json().path("run").path("id").asText());
        }
        // a grandchild: the cascade is recursive
        Response g = spawn(c.api, parent + ":sub:a", Map.of("agent", "slow", "input", "deeper", "label", "g"));
        childRuns.add(g.json().path("run").path("id").asText());
        await().atMost(Duration.ofSeconds(15)).until(() -> c.streamed(own).contains("line 2")
                && childRuns.stream().allMatch(id -> c.streamed(id).contains("line 2")));

        Response r = c.api.post("/v1/sessions/stop-parent/abort", Map.of("reason", "stop everything"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        var aborted = new ArrayList<String>();
        r.json().path("aborted").forEach(n -> aborted.add(n.asText()));
        assertThat(aborted).containsExactlyInAnyOrder(own, childRuns.get(0), childRuns.get(1), childRuns.get(2));
        assertThat(r.json().path("cleared").asInt()).isEqualTo(1);
        assertThat(c.run(queued).path("status").asText()).isEqualTo("aborted");
        for (String id : aborted) {
            JsonNode run = c.awaitEnd(id);
            assertThat(run.path("status").asText()).isEqualTo("aborted");
            long pid = run.path("pid").asLong();
            await().atMost(Duration.ofSeconds(5)).until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        assertThat(c.run(own).path("error").asText()).isEqualTo("stop everything");
    }

    @Test
    void websocket_runs_abort_with_a_key_stops_the_session() {
        String key = c.session("stop-ws");
        String id = c.start(key, "work", null, "slow");
        c.await(id, "running");
        try (var ws = dev.switchboard.testing.WsClient.connect(server.url(), server.adminToken(), null)) {
            JsonNode reply = ws.call("runs.abort", Map.of("key", key));
            assertThat(reply.path("result").path("aborted").get(0).asText()).as(reply.toString()).isEqualTo(id);
        }
        assertThat(c.awaitEnd(id).path("status").asText()).isEqualTo("aborted");
    }

    @Test
    void websocket_methods_spawn_send_and_list_runs_like_rest() {
        c.session("ws-parent");
        c.session("ws-peer");
        try (var ws = dev.switchboard.testing.WsClient.connect(server.url(), server.adminToken(), null)) {
            JsonNode child = ws.result("sessions.spawn", Map.of("key", "ws-parent", "agent", "echo", "input", "hi",
                    "label", "w", "wait_seconds", 10));
            assertThat(child.path("key").asText()).isEqualTo("ws-parent:sub:w");
            assertThat(child.path("answer").asText()).isEqualTo("hi");
            JsonNode sent = ws.result("sessions.send", Map.of("key", "ws-parent", "to", "ws-peer", "content", "yo",
                    "wait_seconds", 10));
            assertThat(sent.path("answer").asText()).isEqualTo("yo");
            JsonNode runs = ws.result("runs.list", Map.of("parent_key", "ws-parent"));
            assertThat(runs.path("items")).hasSize(1);
            assertThat(ws.result("stats.get", Map.of()).path("sessions").path("total").asLong()).isPositive();
            JsonNode stopped = ws.result("sessions.abort", Map.of("key", "ws-parent"));
            assertThat(stopped.path("aborted")).isEmpty();
        }
    }
}
