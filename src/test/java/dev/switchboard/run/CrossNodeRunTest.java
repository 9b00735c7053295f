package dev.switchboard.run;

import static dev.switchboard.run.RunClient.bashAgent;
import static dev.switchboard.testing.Http.seg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run executes on the node that started it; what other nodes receive for it must reach that node. On PostgreSQL
 * the directive is posted to a second server on the same database; on SQLite (one node) to the same one.
 */
@EachStore
class CrossNodeRunTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static RunClient owner;
    static Http other;

    @BeforeEachStore
    static void start() {
        owner = new RunClient(server.get());
        owner.putAgent("listener", bashAgent("jsonl_agent.sh", List.of(), Map.of("input_format", "jsonl", "env", List.of("PATH"))));
        other = server.peer().admin();
    }

    @AfterEachStore
    static void stop() throws Exception {
        owner.close();
    }

    @Test
    void a_live_directive_posted_to_another_node_reaches_the_running_agent_on_its_owner() {
        String key = owner.session("cross-node-live");
        String run = owner.start(key, "watch for orders", null, "listener");
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.streamed(run).contains("got input"));
        var posted = other.post("/v1/directives", Map.of("session_key", key, "content", "turn left", "priority", "urgent",
                "tags", List.of("ops")));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);

        assertThat(owner.awaitEnd(run).path("status").asText()).isEqualTo("succeeded");
        assertThat(owner.transcript(key).getLast()).contains("directive: ", "turn left");
        await().atMost(Duration.ofSeconds(5)).until(() -> other.get("/v1/sessions/" + seg(key) + "/directives").json()
                .path("items").get(0).path("status").asText().equals("acked"));
    }
}
