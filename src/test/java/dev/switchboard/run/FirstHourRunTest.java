package dev.switchboard.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.AfterEachStore;
import dev.switchboard.testing.BeforeEachStore;
import dev.switchboard.testing.EachStore;
import dev.switchboard.testing.Response;
import dev.switchboard.testing.ServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 19's run fixes: plain lines next to deltas, and the ack of a delivered directive. */
@EachStore
class FirstHourRunTest {
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

    /** A process agent whose stdout is exactly {@code lines} (printed by bash, no shell in the definition). */
    static Map<String, Object> printing(String... lines) {
        var script = new StringBuilder();
        for (String l : lines) script.append("printf '%s\\n' '").append(l).append("'\n");
        return Map.of("adapter", "process", "command", List.of("/bin/bash", "-c", script.toString()));
    }

    @Test
    void a_plain_line_after_deltas_starts_a_line_of_its_own() {
        c.putAgent("delta-then-plain", printing("{\"type\":\"delta\",\"text\":\"h\"}", "{\"type\":\"delta\",\"text\":\"i\"}",
                "a plain line", "{\"type\":\"delta\",\"text\":\"more\"}", "second plain"));
        String key = c.session("delta-plain");
        JsonNode run = c.awaitEnd(c.start(key, "go", null, "delta-then-plain"));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(c.transcript(key)).containsExactly("user: go", "assistant: hi\na plain line\nmore\nsecond plain");
    }

    @Test
    void deltas_still_glue_to_each_other_and_plain_lines_join_with_one_newline() {
        c.putAgent("deltas-only", printing("{\"type\":\"delta\",\"text\":\"hel\"}", "{\"type\":\"delta\",\"text\":\"lo\\n\"}",
                "after a newline"));
        String key = c.session("deltas-only");
        c.awaitEnd(c.start(key, "go", null, "deltas-only"));
        assertThat(c.transcript(key)).last().isEqualTo("assistant: hello\nafter a newline");
    }

    @Test
    void acking_a_delivered_directive_answers_its_delivery_like_get_does() {
        String key = c.session("ack-delivered");
        Response created = c.api.post("/v1/directives", Map.of("session_key", key, "content", "freeze", "tags", List.of("ops")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        String runId = c.start(key, "go", null, "echo");
        c.awaitEnd(runId);

        JsonNode listed = c.api.get("/v1/sessions/" + key + "/directives").json().path("items").get(0);
        assertThat(listed.path("run_id").asText()).isEqualTo(runId);
        Response acked = c.api.post("/v1/directives/" + id + "/ack", Map.of("result", Map.of("done", true)));
        assertThat(acked.status()).as(acked.toString()).isEqualTo(200);
        assertThat(acked.json().path("status").asText()).isEqualTo("acked");
        assertThat(acked.json().path("run_id").asText()).isEqualTo(runId);
        assertThat(acked.json().path("delivered_at").asText()).isEqualTo(listed.path("delivered_at").asText());
        Response again = c.api.post("/v1/directives/" + id + "/ack", Map.of());
        assertThat(again.json().path("delivered_at").asText()).isEqualTo(listed.path("delivered_at").asText());
    }

    @Test
    void an_agent_whose_workdir_does_not_exist_is_refused_when_defined_naming_the_path() {
        Response r = c.api.put("/v1/agents/nowhere", Map.of("adapter", "process", "command", List.of("python3", "a.py"),
                "workdir", "/srv/no-such-repo"));
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("workdir");
        assertThat(r.json().path("errors").get(0).path("message").asText()).isEqualTo("does not exist: /srv/no-such-repo");
    }

    @Test
    void a_workdir_removed_after_the_definition_fails_the_run_naming_the_directory() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("agent-workdir");
        c.putAgent("vanishing", Map.of("adapter", "process", "command", List.of("/bin/true"), "workdir", dir.toString()));
        java.nio.file.Files.delete(dir);
        String key = c.session("vanishing-workdir");
        JsonNode run = c.awaitEnd(c.start(key, "go", null, "vanishing"));
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error").asText()).contains("workdir " + dir + " does not exist").doesNotContain("Cannot run program");
    }
}
