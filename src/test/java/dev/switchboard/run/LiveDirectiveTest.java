package dev.switchboard.run;

import static dev.switchboard.run.RunClient.bashAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.event.Event;
import dev.switchboard.json.Json;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Directives created while a {@code jsonl} agent runs reach its stdin in commit order, from one bounded queue per
 * run; when the agent stops reading and the queue is full, a directive stays pending for the next input.
 * Real processes ({@code agents/live_directives.sh}) over the REST API.
 */
@EachStore
class LiveDirectiveTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static RunClient c;

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    static String directive(String key, String content) {
        var r = c.api.post("/v1/directives", Map.of("session_key", key, "content", content, "priority", "normal",
                "tags", List.of("live")));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    static String status(String key, String id) {
        for (JsonNode d : c.api.get("/v1/sessions/" + key + "/directives").json().path("items")) {
            if (d.path("id").asText().equals(id)) return d.path("status").asText();
        }
        throw new AssertionError("no directive " + id);
    }

    /** The directive ids the agent reported reading, in its order. */
    static List<String> received(String runId) {
        return c.streamed(runId).lines().filter(l -> l.startsWith("got ")).map(l -> l.substring(4)).toList();
    }

    /** The ids of the directive.created events of {@code ids}, in commit (seq) order. */
    static List<String> committedOrder(List<String> ids) {
        var out = new ArrayList<String>();
        for (Event e : c.events) {
            if (!e.type().equals("directive.created")) continue;
            String id = Json.readStored(e.data()).path("id").asText();
            if (ids.contains(id)) out.add(id);
        }
        return out;
    }

    @Test
    void directives_created_concurrently_reach_the_agent_in_commit_order() throws Exception {
        int n = DirectiveFeed.CAPACITY - 2; // never more waiting than the queue holds, so none is deferred
        c.putAgent("order", bashAgent("live_directives.sh", List.of(Integer.toString(n)), Map.of("input_format", "jsonl")));
        String key = c.session("live-order");
        String run = c.start(key, "listen", null, "order");
        await().atMost(Duration.ofSeconds(15)).until(() -> c.streamed(run).contains("ready"));

        var ids = new ArrayList<String>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < n; i++) {
                String content = "order " + i;
                futures.add(pool.submit(() -> directive(key, content)));
            }
            for (var f : futures) ids.add(f.get());
        }
        assertThat(c.awaitEnd(run).path("status").asText()).isEqualTo("succeeded");
        assertThat(received(run)).hasSize(n).isEqualTo(committedOrder(ids));
    }

    @Test
    void a_directive_that_finds_the_runs_queue_full_stays_pending_for_the_next_input() throws IOException {
        Path gate = Files.createTempDirectory("gate");
        int queued = DirectiveFeed.CAPACITY;
        c.putAgent("stalled", bashAgent("live_directives.sh", List.of(Integer.toString(queued + 1), gate.toString()),
                Map.of("input_format", "jsonl")));
        String key = c.session("live-full");
        String run = c.start(key, "listen later", null, "stalled");
        await().atMost(Duration.ofSeconds(15)).until(() -> c.streamed(run).contains("ready"));

        // Bigger than a pipe's buffer: writing it blocks until the agent reads, so the next ones queue up.
        String stuck = directive(key, "x".repeat(100_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(key, stuck).equals("delivered"));
        var waiting = new ArrayList<String>();
        for (int i = 0; i < queued; i++) waiting.add(directive(key, "queued " + i));
        String deferred = directive(key, "one too many");
        await().atMost(Duration.ofSeconds(10)).until(() -> c.metric("switchboard_runs_directives_deferred_total", "") >= 1);
        assertThat(status(key, deferred)).isEqualTo("pending");

        Files.createFile(gate.resolve("go"));
        assertThat(c.awaitEnd(run).path("status").asText()).isEqualTo("succeeded");
        var expected = new ArrayList<>(List.of(stuck));
        expected.addAll(waiting);
        assertThat(received(run)).isEqualTo(expected);
        for (String id : waiting) assertThat(status(key, id)).isEqualTo("delivered");
        assertThat(status(key, deferred)).isEqualTo("pending");

        // The next run takes it with its input, like any pending directive.
        String next = c.start(key, "and now?", null, "echo");
        assertThat(c.awaitEnd(next).path("directives").toString()).isEqualTo("[\"" + deferred + "\"]");
    }
}
