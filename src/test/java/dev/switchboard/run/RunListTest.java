package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /v1/runs}: every run, newest first, filtered, paged, inside the token's grants. */
@EachStore
class RunListTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.create();
    static RunClient c;
    static List<String> ids;

    @BeforeEachStore
    static void start() {
        c = new RunClient(server.get());
        c.putAgent("fail", RunClient.bashAgent("fail.sh"));
        c.session("list-a");
        c.api.post("/v1/sessions", Map.of("key", "list-b", "agent", "other"));
        ids = new ArrayList<>();
        ids.add(c.start("list-a", "one", null, "echo"));
        c.awaitEnd(ids.getLast());
        ids.add(c.start("list-b", "two", null, "echo"));
        c.awaitEnd(ids.getLast());
        ids.add(c.start("list-a", "three", null, "fail"));
        c.awaitEnd(ids.getLast());
        c.api.post("/v1/sessions/list-a/spawn", Map.of("agent", "echo", "input", "child", "label", "k", "wait_seconds", 10));
    }

    @AfterEachStore
    static void stop() throws Exception {
        c.close();
    }

    private static List<String> ids(Http as, String query) {
        var out = new ArrayList<String>();
        as.get("/v1/runs" + query).json().path("items").forEach(r -> out.add(r.path("id").asText()));
        return out;
    }

    @Test
    void runs_are_listed_newest_first_and_paged() {
        List<String> all = ids(c.api, "?session=list-a");
        assertThat(all).containsExactly(ids.get(2), ids.get(0));
        JsonNode page = c.api.get("/v1/runs?limit=2").json();
        assertThat(page.path("items")).hasSize(2);
        String next = page.path("next_cursor").asText();
        List<String> rest = ids(c.api, "?limit=2&cursor=" + next);
        assertThat(rest).containsExactly(ids.get(1), ids.get(0));
    }

    @Test
    void filters_by_status_agent_and_parent() {
        assertThat(ids(c.api, "?status=failed")).containsExactly(ids.get(2));
        assertThat(ids(c.api, "?agent=fail")).containsExactly(ids.get(2));
        List<String> children = ids(c.api, "?parent_key=list-a");
        assertThat(children).hasSize(1);
        assertThat(c.run(children.getFirst()).path("key").asText()).isEqualTo("list-a:sub:k");
        assertThat(c.api.get("/v1/runs?status=sleeping").status()).isEqualTo(422);
    }

    @Test
    void a_restricted_token_sees_only_runs_of_its_sessions() {
        Http narrow = server.client("runs-narrow", List.of("sessions:read"), Map.of("agents", List.of("other")));
        assertThat(ids(narrow, "")).containsExactly(ids.get(1));
        Http writer = server.client("runs-writer", List.of("sessions:write"), Map.of());
        assertThat(writer.get("/v1/runs").status()).isEqualTo(403);
    }
}
